import { Badge, Card, Group, Stack, Text } from "@mantine/core";
import type { MessageView } from "../../../server/api/types.ts";
import { formatAgo, formatDateTime } from "../time.ts";
import { AttachmentList } from "./AttachmentList.tsx";
import { MessageBody } from "./MessageBody.tsx";

function SentByBadge({ sentBy }: { sentBy: MessageView["sentBy"] }) {
  if (sentBy === "auto") return <Badge color="violet">Sent by Mailroom</Badge>;
  if (sentBy === "person") return <Badge color="teal">Sent by a person</Badge>;
  return <Badge color="gray">Sent</Badge>;
}

// Statuses that are the normal end state of a message need no badge; anything else (pending, failed) does.
const quietStatuses = new Set(["received", "sent", "delivered"]);

function sender(message: MessageView): string {
  return message.fromName ? `${message.fromName} <${message.from}>` : message.from;
}

export function MessageCard({ message }: { message: MessageView }) {
  const outbound = message.direction === "outbound";
  return (
    <Card
      withBorder
      padding="md"
      bg={outbound ? "blue.0" : undefined}
      data-testid="message"
      data-direction={message.direction}
      data-sent-by={message.sentBy ?? ""}
    >
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <Group gap="xs">
          {outbound ? <SentByBadge sentBy={message.sentBy} /> : <Badge color="gray">Received</Badge>}
          {!quietStatuses.has(message.status) && (
            <Badge color={message.status === "failed" ? "red.9" : "violet.9"} variant="outline">
              {message.status}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(message.at)} · {formatAgo(message.at)}
        </Text>
      </Group>
      <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
        {sender(message)}
      </Text>
      {outbound && message.to.length > 0 && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          to {message.to.join(", ")}
          {message.cc.length > 0 && ` · cc ${message.cc.join(", ")}`}
          {message.bcc.length > 0 && ` · bcc ${message.bcc.join(", ")}`}
        </Text>
      )}
      <Text size="xs" c="dimmed" mb="sm">
        {message.subject}
      </Text>
      <MessageBody message={message} />
      <AttachmentList messageId={message.id} attachments={message.attachments} />
    </Card>
  );
}

/** The conversation oldest first, the way a support person reads a mail thread. */
export function Thread({ messages }: { messages: MessageView[] }) {
  if (messages.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        No messages in this conversation yet.
      </Text>
    );
  }
  const ordered = [...messages].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Stack gap="sm">
      {ordered.map((message) => (
        <MessageCard key={message.id} message={message} />
      ))}
    </Stack>
  );
}
