import "@mantine/core/styles.css";
import { Badge, createTheme, MantineProvider } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App.tsx";

const theme = createTheme({
  components: {
    // Badges carry values (statuses, intents) that read better, and test more reliably, as written.
    Badge: Badge.extend({ styles: { root: { textTransform: "none" } } }),
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
