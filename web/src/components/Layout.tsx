import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useDemoInfo } from "../hooks/useDemoInfo.ts";
import { type Area, can, useSession } from "../session.tsx";

interface NavItem {
  to: string;
  label: string;
  description: string;
  /** Other paths that belong to this section, so a detail page keeps its section highlighted. */
  prefix: string;
  /** Shown only to the roles that may open it. */
  area: Area;
}

const navItems: NavItem[] = [
  {
    to: "/",
    label: "Review queue",
    description: "Replies waiting for a person",
    prefix: "/review/",
    area: "review",
  },
  {
    to: "/conversations",
    label: "All mail",
    description: "Every recent conversation",
    prefix: "/conversations/",
    area: "conversations",
  },
  { to: "/users", label: "Users", description: "Invite people, set roles", prefix: "/users/", area: "users" },
  {
    to: "/audit",
    label: "Audit log",
    description: "Who did what, and when",
    prefix: "/audit/",
    area: "audit",
  },
  {
    to: "/mailboxes",
    label: "Mailboxes",
    description: "Connected inboxes and their sync",
    prefix: "/mailboxes/",
    area: "mailboxes",
  },
  {
    to: "/connectors",
    label: "Connectors",
    description: "Order, warehouse and carrier feeds",
    prefix: "/connectors/",
    area: "connectors",
  },
];

const sandboxItem: NavItem = {
  to: "/sandbox",
  label: "Send a test email",
  description: "Write in as a demo customer",
  prefix: "/sandbox/",
  area: "sandbox",
};

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const demo = useDemoInfo();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const items = (demo?.demo ? [...navItems, sandboxItem] : navItems).filter((item) =>
    can(session, item.area),
  );

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
          {session && (
            <Group gap="xs" ml="auto">
              <Text size="sm" data-testid="current-user">
                {session.user.name}
              </Text>
              <Badge variant="light" data-testid="current-role">
                {session.user.role}
              </Badge>
              <Button
                size="xs"
                variant="subtle"
                data-testid="sign-out"
                onClick={() => void signOut().then(() => navigate("/login", { replace: true }))}
              >
                Sign out
              </Button>
            </Group>
          )}
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
              // Mantine's dimmed description fails WCAG AA contrast (axe: color-contrast).
              styles={{ description: { color: "var(--mantine-color-gray-7)" } }}
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
