import { Anchor, Badge, Card, Divider, Group, Stack, Text, Timeline, Title } from "@mantine/core";
import { Link } from "react-router-dom";
import type { OrderView, ShipmentView } from "../../../server/api/types.ts";
import { formatMoney, humanize } from "../labels.ts";
import { formatDate, formatDateTime } from "../time.ts";
import { ShipmentStateBadge } from "./Badges.tsx";

function ShipmentEvents({ events }: { events: ShipmentView["events"] }) {
  if (events.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No carrier events yet.
      </Text>
    );
  }
  const ordered = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return (
    <Timeline active={ordered.length - 1} bulletSize={14} lineWidth={2}>
      {ordered.map((event) => (
        <Timeline.Item
          key={`${event.occurredAt}:${event.state}:${event.description}`}
          title={event.description}
        >
          <Text size="xs" c="dimmed">
            {[humanize(event.state), event.location, formatDateTime(event.occurredAt)]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Shipment({ shipment }: { shipment: ShipmentView }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {shipment.carrier}{" "}
          {shipment.trackingUrl ? (
            <Anchor href={shipment.trackingUrl} target="_blank" rel="noreferrer">
              {shipment.trackingNumber}
            </Anchor>
          ) : (
            shipment.trackingNumber
          )}
        </Text>
        <ShipmentStateBadge shipment={shipment} />
      </Group>
      <Text size="xs" c="dimmed">
        {shipment.deliveredAt
          ? `Delivered ${formatDate(shipment.deliveredAt)}`
          : shipment.estimatedDeliveryAt
            ? `ETA ${formatDate(shipment.estimatedDeliveryAt)}`
            : "No ETA from the carrier"}
      </Text>
      <ShipmentEvents events={shipment.events} />
    </Stack>
  );
}

function Order({ order }: { order: OrderView }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Anchor component={Link} to={`/orders/${encodeURIComponent(order.number)}`} fw={600}>
          #{order.number.replace(/^#/, "")}
        </Anchor>
        <Group gap="xs">
          <Badge variant="outline" color="gray">
            {humanize(order.status)}
          </Badge>
          <Text size="sm">{formatMoney(order.total, order.currency)}</Text>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        Placed {formatDate(order.placedAt)}
      </Text>
      <Stack gap={2}>
        {order.lines.map((line) => (
          <Text key={line.sku} size="sm">
            {line.quantity} × {line.title}{" "}
            <Text component="span" size="xs" c="dimmed">
              ({line.sku})
            </Text>
          </Text>
        ))}
      </Stack>
      {order.shipments.length === 0 ? (
        <Text size="xs" c="dimmed">
          Not shipped yet.
        </Text>
      ) : (
        order.shipments.map((shipment) => (
          <Card key={`${shipment.carrier}:${shipment.trackingNumber}`} withBorder padding="sm" bg="gray.0">
            <Shipment shipment={shipment} />
          </Card>
        ))
      )}
      {order.returns.map((r) => (
        <Group key={r.rmaNumber} gap="xs" wrap="nowrap" align="baseline" data-testid="order-return">
          <Badge variant="light" color={r.status === "rejected" ? "red" : "grape"}>
            {r.rmaNumber.startsWith("refund-") ? "Refund" : `Return ${r.rmaNumber}`}: {humanize(r.status)}
          </Badge>
          <Text size="xs" c="dimmed">
            {[r.reason, formatDate(r.updatedAt)].filter(Boolean).join(" · ")}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The customer's orders with their shipments, so the reviewer can check the draft against the facts. */
export function OrderPanel({ orders }: { orders: OrderView[] }) {
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Orders
      </Title>
      {orders.length === 0 ? (
        <Text size="sm" c="dimmed">
          No orders found for this customer.
        </Text>
      ) : (
        <Stack gap="md">
          {orders.map((order, index) => (
            <Stack key={order.number} gap="md">
              {index > 0 && <Divider />}
              <Order order={order} />
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}
