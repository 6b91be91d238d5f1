import { Alert, Button, Card, Grid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { type FormEvent, useId, useRef, useState } from "react";
import { api, errorMessage } from "../api.ts";
import { type ComposeOutcome, ComposeResult } from "../components/ComposeResult.tsx";
import { type ComposeTemplate, DemoCustomers } from "../components/DemoCustomers.tsx";
import { ErrorAlert } from "../components/Feedback.tsx";
import { useDemoInfo } from "../hooks/useDemoInfo.ts";
import { useMountedRef } from "../hooks/usePolling.ts";
import { lookForTestEmail, snapshotConversations } from "../testEmailWatch.ts";
import { sleep } from "../time.ts";

// Long enough for triage, lookup and drafting on the demo setup; after that the page points to All mail.
const watchIntervalMs = 1_000;
const watchAttempts = 15;

/** Demo: write to the shop as a customer and watch Mailroom answer or queue the email. */
export function SandboxComposePage() {
  const demo = useDemoInfo();
  const customersListId = useId();
  const mounted = useMountedRef();
  // A newer send supersedes the watch of an older one.
  const watchRef = useRef(0);
  const [form, setForm] = useState<ComposeTemplate>({ from: "", name: "", subject: "", text: "" });
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ComposeOutcome | null>(null);

  const customers = demo?.customers ?? [];
  const knownCustomer = customers.find((c) => c.email.toLowerCase() === form.from.trim().toLowerCase());
  const update = (field: keyof ComposeTemplate) => (value: string) =>
    setForm((f) => ({ ...f, [field]: value }));

  const watch = async (
    watchId: number,
    from: string,
    snapshot: Map<string, string> | null,
    sentAt: number,
  ) => {
    const current = () => mounted.current && watchRef.current === watchId;
    for (let attempt = 0; attempt < watchAttempts && current(); attempt++) {
      await sleep(watchIntervalMs);
      const found = await lookForTestEmail(from, snapshot, sentAt).catch(() => null);
      if (!current()) return;
      if (found) setOutcome({ phase: found.decision ? "decided" : "triaging", ...found });
      if (found?.decision) return;
    }
    if (current()) setOutcome((o) => (o ? { ...o, phase: "timed_out" } : o));
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const from = form.from.trim();
    const name = form.name.trim() || knownCustomer?.name || undefined;
    setSending(true);
    setSendError(null);
    setOutcome(null);
    watchRef.current += 1;
    const watchId = watchRef.current;
    try {
      const snapshot = await snapshotConversations();
      const sentAt = Date.now();
      await api.sendSandboxMessage({ from, name, subject: form.subject, text: form.text });
      setOutcome({ phase: "triaging", conversationId: null, reviewItemId: null, decision: null });
      setSending(false);
      await watch(watchId, from, snapshot, sentAt);
    } catch (failure) {
      setSendError(errorMessage(failure));
    } finally {
      if (mounted.current) setSending(false);
    }
  };

  return (
    <Stack>
      <Title order={2}>Send a test email</Title>
      <Text c="dimmed">
        Write to {demo?.mailbox ? demo.mailbox.address : "the shop"} as one of its customers. Mailroom triages
        the email like any other: it answers it on its own, queues a draft for review, escalates or ignores
        it.
      </Text>
      {demo && !demo.demo && (
        <Alert color="yellow" variant="light" title="Demo mode is off">
          The server only accepts test emails in demo mode.
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder component="form" onSubmit={send}>
            <Stack>
              <TextInput
                data-testid="compose-from"
                label="From"
                placeholder="customer@example.com"
                list={customersListId}
                autoComplete="off"
                required
                value={form.from}
                onChange={(event) => update("from")(event.currentTarget.value)}
              />
              <datalist id={customersListId}>
                {customers.map((customer) => (
                  <option key={customer.email} value={customer.email}>
                    {customer.name ?? customer.email}
                  </option>
                ))}
              </datalist>
              <TextInput
                label="Name"
                placeholder={knownCustomer?.name ?? "Optional"}
                value={form.name}
                onChange={(event) => update("name")(event.currentTarget.value)}
              />
              <TextInput
                data-testid="compose-subject"
                label="Subject"
                value={form.subject}
                onChange={(event) => update("subject")(event.currentTarget.value)}
              />
              <Textarea
                data-testid="compose-text"
                label="Message"
                required
                autosize
                minRows={6}
                value={form.text}
                onChange={(event) => update("text")(event.currentTarget.value)}
              />
              <Button
                data-testid="compose-send"
                type="submit"
                loading={sending}
                style={{ alignSelf: "flex-start" }}
              >
                Send as customer
              </Button>
              {sendError && <ErrorAlert message={sendError} title="Couldn't send the test email" />}
              {outcome && <ComposeResult outcome={outcome} />}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <DemoCustomers customers={customers} onPick={setForm} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
