import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { DemoInfo } from "../../../server/api/types.ts";
import { humanize } from "../labels.ts";

export type DemoCustomer = DemoInfo["customers"][number];

export interface ComposeTemplate {
  from: string;
  name: string;
  subject: string;
  text: string;
}

function whereIsMyOrder(customer: DemoCustomer, orderNumber: string): ComposeTemplate {
  const number = orderNumber.replace(/^#/, "");
  const greetingName = customer.name ? `\n\n${customer.name}` : "";
  return {
    from: customer.email,
    name: customer.name ?? "",
    subject: `Where is my order #${number}?`,
    text: `Hi,\n\nI ordered a while ago and my order #${number} still hasn't arrived. Can you tell me where it is?\n\nThanks${greetingName}`,
  };
}

/** The demo store's customers and their orders; picking an order fills the form with a typical question. */
export function DemoCustomers({
  customers,
  onPick,
}: {
  customers: DemoCustomer[];
  onPick: (template: ComposeTemplate) => void;
}) {
  if (customers.length === 0) return null;
  return (
    <Card withBorder>
      <Title order={4} mb={4}>
        Demo customers
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Pick an order to fill in a "where is my order?" email, then change it however you like.
      </Text>
      <Stack gap="sm">
        {customers.map((customer) => (
          <Stack key={customer.email} gap={4}>
            <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
              {customer.name ? `${customer.name} <${customer.email}>` : customer.email}
            </Text>
            <Group gap="xs">
              {customer.orders.length === 0 && (
                <Text size="xs" c="dimmed">
                  No orders
                </Text>
              )}
              {customer.orders.map((order) => (
                <Button
                  key={order.number}
                  size="compact-xs"
                  variant="light"
                  onClick={() => onPick(whereIsMyOrder(customer, order.number))}
                >
                  #{order.number.replace(/^#/, "")} · {humanize(order.state)}
                </Button>
              ))}
            </Group>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
