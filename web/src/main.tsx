import "@mantine/core/styles.css";
import { Badge, type CSSVariablesResolver, createTheme, MantineProvider } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App.tsx";

const theme = createTheme({
  // Shade 6 on white is below WCAG AA (axe color-contrast); 8 keeps the palette and passes.
  primaryShade: 8,
  components: {
    // Badges carry values (statuses, intents) that read better, and test more reliably, as written.
    Badge: Badge.extend({ styles: { root: { textTransform: "none" } } }),
  },
});

// Mantine's dimmed grey (gray-6) is 3.3:1 on white; gray-7 meets WCAG AA for body text.
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)" },
  dark: {},
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
