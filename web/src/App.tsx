import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link, Route, Routes } from "react-router-dom";
import { Layout } from "./components/Layout.tsx";
import { ConnectorPage } from "./pages/ConnectorPage.tsx";
import { ConnectorsPage } from "./pages/ConnectorsPage.tsx";
import { ConversationPage } from "./pages/ConversationPage.tsx";
import { ConversationsPage } from "./pages/ConversationsPage.tsx";
import { OrderPage } from "./pages/OrderPage.tsx";
import { QueuePage } from "./pages/QueuePage.tsx";
import { ReviewItemPage } from "./pages/ReviewItemPage.tsx";
import { SandboxComposePage } from "./pages/SandboxComposePage.tsx";

function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>
        There's nothing here. Go to the{" "}
        <Anchor component={Link} to="/">
          review queue
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<QueuePage />} />
        <Route path="review/:id" element={<ReviewItemPage />} />
        <Route path="conversations" element={<ConversationsPage />} />
        <Route path="conversations/:id" element={<ConversationPage />} />
        <Route path="sandbox" element={<SandboxComposePage />} />
        <Route path="connectors" element={<ConnectorsPage />} />
        <Route path="connectors/:id" element={<ConnectorPage />} />
        <Route path="orders/:number" element={<OrderPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
