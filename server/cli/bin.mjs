#!/usr/bin/env node
// The `mailroom` command: registers the TypeScript loader, then runs the CLI.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
