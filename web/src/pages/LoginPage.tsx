import { Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/Feedback.tsx";
import { useDemoInfo } from "../hooks/useDemoInfo.ts";
import { useSession } from "../session.tsx";

/** Only paths inside this app: `next` comes from the URL, so it must not send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function LoginPage() {
  const { session, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const demo = useDemoInfo();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get("next"));

  if (session) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.login({ email, password }));
      navigate(next, { replace: true });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Card withBorder w={380} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>Sign in to Mailroom</Title>
          <TextInput
            data-testid="login-email"
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            data-testid="login-password"
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button data-testid="login-submit" type="submit" loading={busy}>
            Sign in
          </Button>
          {error && <ErrorAlert title="Couldn't sign you in" message={error} />}
          {demo?.demo && (
            <Text size="sm" c="dimmed">
              Demo: a login for each role (agent, manager, logistics, admin) is printed in the terminal where
              Mailroom started.
            </Text>
          )}
        </Stack>
      </Card>
    </Center>
  );
}
