import {
  Badge,
  Button,
  Card,
  Center,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useCallback, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { useSession } from "../session.tsx";

/** `/invite/<token>`: the invitee sees which email and role they were invited as, and sets a password. */
export function AcceptInvitePage() {
  const { token = "" } = useParams();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const load = useCallback(() => api.getInvitation(token), [token]);
  const { data: invitation, error } = usePolling(load, null);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) {
      setSubmitError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setSubmitError(null);
    try {
      signedIn(await api.acceptInvitation(token, { name, password }));
      navigate("/", { replace: true });
    } catch (failure) {
      setSubmitError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Card withBorder w={420}>
        {!invitation && !error && <PageLoader />}
        {error && <ErrorAlert title="This link doesn't work" message={error} />}
        {invitation && (
          <Stack component="form" onSubmit={submit}>
            <Title order={2}>Join Mailroom</Title>
            <Group gap="xs">
              <Text>{invitation.email}</Text>
              <Badge data-testid="invite-role">{invitation.role}</Badge>
            </Group>
            <TextInput
              data-testid="invite-name"
              label="Your name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <PasswordInput
              data-testid="invite-password"
              label="Password"
              description="At least 10 characters"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <PasswordInput
              data-testid="invite-password-repeat"
              label="Password again"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
            />
            <Button data-testid="invite-submit" type="submit" loading={busy}>
              Set password and sign in
            </Button>
            {submitError && <ErrorAlert message={submitError} />}
          </Stack>
        )}
      </Card>
    </Center>
  );
}
