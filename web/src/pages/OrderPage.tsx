import { Badge, Card, Group, Stack, Text, Timeline, Title } from "@mantine/core";
import { useCallback } from "react";
import { useParams } from "react-router-dom";
import { api } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { OrderPanel } from "../components/OrderPanel.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { humanize } from "../labels.ts";
import { formatDateTime } from "../time.ts";

/** One order: the same panel the review queue shows, the customer's standing, and what happened to it. */
export function OrderPage() {
  const { number = "" } = useParams();
  const load = useCallback(() => api.getOrder(number), [number]);
  const { data, error } = usePolling(load, 15_000);
  if (error && !data) return <ErrorAlert message={error} />;
  if (!data) return <PageLoader />;
  const { insights, customer } = data;
  return (
    <Stack>
      <Title order={2}>Order #{data.order.number}</Title>
      <Group gap="xs">
        {customer && <Text>{customer.name ? `${customer.name} <${customer.email}>` : customer.email}</Text>}
        {insights.vip && <Badge color="grape">VIP</Badge>}
        {insights.firstTimeCustomer && <Badge color="teal">First order</Badge>}
        <Badge variant="outline">{insights.valueBand} value</Badge>
        <Text size="sm" c="dimmed">
          {insights.customerOrders} order{insights.customerOrders === 1 ? "" : "s"} from this customer
        </Text>
      </Group>
      <Group align="start" grow>
        <OrderPanel orders={[data.order]} />
        <Card withBorder>
          <Title order={4} mb="sm">
            What happened
          </Title>
          {data.events.length === 0 ? (
            <Text size="sm" c="dimmed">
              No events yet.
            </Text>
          ) : (
            <Timeline active={data.events.length - 1} bulletSize={14}>
              {data.events.map((e) => (
                <Timeline.Item key={`${e.type}:${e.occurredAt}`} title={humanize(e.type.replace(".", " "))}>
                  <Text size="xs" c="dimmed">
                    {e.detail} · {formatDateTime(e.occurredAt)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Card>
      </Group>
    </Stack>
  );
}
