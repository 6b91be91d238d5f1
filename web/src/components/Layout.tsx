import { Anchor, AppShell, Burger, Group, NavLink, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation } from "react-router-dom";
import { useDemoInfo } from "../hooks/useDemoInfo.ts";

interface NavItem {
  to: string;
  label: string;
  description: string;
  /** Other paths that belong to this section, so a detail page keeps its section highlighted. */
  prefix: string;
}

const navItems: NavItem[] = [
  { to: "/", label: "Review queue", description: "Replies waiting for a person", prefix: "/review/" },
  {
    to: "/conversations",
    label: "All mail",
    description: "Every recent conversation",
    prefix: "/conversations/",
  },
  {
    to: "/connectors",
    label: "Connectors",
    description: "Order, warehouse and carrier feeds",
    prefix: "/connectors/",
  },
];

const sandboxItem: NavItem = {
  to: "/sandbox",
  label: "Send a test email",
  description: "Write in as a demo customer",
  prefix: "/sandbox/",
};

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const demo = useDemoInfo();
  const items = demo?.demo ? [...navItems, sandboxItem] : navItems;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm">
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
          <Anchor component={Link} to="/" c="inherit" underline="never">
            <Title order={3}>Mailroom</Title>
          </Anchor>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              description={item.description}
              active={pathname === item.to || pathname.startsWith(item.prefix)}
              onClick={close}
            />
          ))}
        </AppShell.Section>
        {demo?.demo && demo.mailbox && (
          <AppShell.Section>
            <Text size="xs" c="dimmed">
              Demo mailbox: {demo.mailbox.displayName} &lt;{demo.mailbox.address}&gt;
            </Text>
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
