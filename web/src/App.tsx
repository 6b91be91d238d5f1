import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link, Route, Routes } from "react-router-dom";
import { Layout } from "./components/Layout.tsx";
import { AcceptInvitePage } from "./pages/AcceptInvitePage.tsx";
import { AuditPage } from "./pages/AuditPage.tsx";
import { ConnectorPage } from "./pages/ConnectorPage.tsx";
import { ConnectorsPage } from "./pages/ConnectorsPage.tsx";
import { ConversationPage } from "./pages/ConversationPage.tsx";
import { ConversationsPage } from "./pages/ConversationsPage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { MailboxesPage } from "./pages/MailboxesPage.tsx";
import { OrderPage } from "./pages/OrderPage.tsx";
import { QueuePage } from "./pages/QueuePage.tsx";
import { ReviewItemPage } from "./pages/ReviewItemPage.tsx";
import { SandboxComposePage } from "./pages/SandboxComposePage.tsx";
import { UsersPage } from "./pages/UsersPage.tsx";
import { can, RequireSession, RoleGate, SessionProvider, useSession } from "./session.tsx";

function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>
        There's nothing here. Go to the{" "}
        <Anchor component={Link} to="/">
          start page
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

/** The review queue for those who work it; a short welcome for the others. */
function HomePage() {
  const { session } = useSession();
  if (can(session, "review")) return <QueuePage />;
  return (
    <Stack data-testid="welcome">
      <Title order={2}>Welcome, {session?.user.name}</Title>
      <Text>You are signed in as {session?.user.role}. The menu shows what your role can open.</Text>
    </Stack>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="login" element={<LoginPage />} />
        <Route path="invite/:token" element={<AcceptInvitePage />} />
        <Route
          element={
            <RequireSession>
              <Layout />
            </RequireSession>
          }
        >
          <Route index element={<HomePage />} />
          <Route
            path="review/:id"
            element={
              <RoleGate area="review">
                <ReviewItemPage />
              </RoleGate>
            }
          />
          <Route
            path="conversations"
            element={
              <RoleGate area="conversations">
                <ConversationsPage />
              </RoleGate>
            }
          />
          <Route
            path="conversations/:id"
            element={
              <RoleGate area="conversations">
                <ConversationPage />
              </RoleGate>
            }
          />
          <Route
            path="connectors"
            element={
              <RoleGate area="connectors">
                <ConnectorsPage />
              </RoleGate>
            }
          />
          <Route
            path="connectors/:id"
            element={
              <RoleGate area="connectors">
                <ConnectorPage />
              </RoleGate>
            }
          />
          <Route
            path="orders/:number"
            element={
              <RoleGate area="orders">
                <OrderPage />
              </RoleGate>
            }
          />
          <Route
            path="mailboxes"
            element={
              <RoleGate area="mailboxes">
                <MailboxesPage />
              </RoleGate>
            }
          />
          <Route
            path="sandbox"
            element={
              <RoleGate area="sandbox">
                <SandboxComposePage />
              </RoleGate>
            }
          />
          <Route
            path="users"
            element={
              <RoleGate area="users">
                <UsersPage />
              </RoleGate>
            }
          />
          <Route
            path="audit"
            element={
              <RoleGate area="audit">
                <AuditPage />
              </RoleGate>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}
