import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewItems, type UserRole } from "../../db/schema/index.ts";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** What each role finds in the menu (demo is off here, so no test-email page). */
const menus: Record<UserRole, string[]> = {
  agent: ["Review queue", "All mail"],
  manager: ["Review queue", "All mail", "Audit log", "Mailboxes"],
  logistics: ["Connectors"],
  admin: ["Review queue", "All mail", "Users", "Audit log", "Mailboxes", "Connectors"],
};

describe("signing in per role in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let itemId: string;
  const people = {} as Record<UserRole, TestUser>;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    for (const role of Object.keys(menus) as UserRole[]) {
      people[role] = await mintUser(rt.ctx.db, role, { name: `Pat ${role}` });
    }
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({ from: order.email, subject: "Late", text: `Where is ${order.number}?` }),
    });
    await rt.settle();
    const [item] = await rt.ctx.db.select().from(reviewItems).where(eq(reviewItems.status, "open"));
    itemId = item?.id ?? "";
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("an anonymous visitor is sent to the login page, and back where they were after signing in", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/review/${itemId}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId("login-email").fill(people.agent.email);
    await page.getByTestId("login-password").fill("not the password");
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByText("the email or password is wrong").count()).toBe(1);
    await page.getByTestId("login-password").fill(people.agent.password);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(new RegExp(`/review/${itemId}$`));
    await expect.poll(() => page.getByTestId("approve").count()).toBe(1);
    await page.close();
  });

  it.each(Object.keys(menus) as UserRole[])("%s sees their name, role and menu", async (role) => {
    const page = await browser.newPage();
    await signInThroughUi(page, server.url, people[role]);
    expect(await page.getByTestId("current-role").textContent()).toBe(role);
    const nav = page.locator("nav a");
    await expect
      .poll(() => nav.allTextContents())
      .toEqual(menus[role].map((label) => expect.stringContaining(label)));
    await page.close();
  });

  it("a logistics user cannot approve: the page shows no button and the API refuses", async () => {
    const page = await browser.newPage();
    await signInThroughUi(page, server.url, people.logistics);
    await page.goto(`${server.url}/review/${itemId}`);
    await page.getByTestId("forbidden").waitFor();
    expect(await page.getByTestId("approve").count()).toBe(0);
    // Even with a valid session and CSRF token, straight at the API:
    const answer = await page.evaluate(async (id) => {
      const me = await (await fetch("/api/auth/me")).json();
      const res = await fetch(`/api/review/${id}/approve`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: "{}",
      });
      return { status: res.status, body: await res.json() };
    }, itemId);
    expect(answer).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    const [item] = await rt.ctx.db.select().from(reviewItems).where(eq(reviewItems.id, itemId));
    expect(item?.status).toBe("open");
    await page.close();
  });

  it("an admin invites a manager by link; the invitee sets a password, lands signed in, and the audit page shows it", async () => {
    const admin = await browser.newPage();
    await signInThroughUi(admin, server.url, people.admin);
    await admin.goto(`${server.url}/users`);
    await admin.getByTestId("invite-email").fill("new.manager@staff.example");
    await admin.getByTestId("invite-role-select").click();
    await admin.getByRole("option", { name: /^manager/ }).click();
    await admin.getByTestId("invite-send").click();
    const link = (await admin.getByTestId("invite-link").textContent()) ?? "";
    expect(link).toMatch(/\/invite\//);

    const context = await browser.newContext();
    const invitee = await context.newPage();
    await invitee.goto(link);
    expect(await invitee.getByTestId("invite-role").textContent()).toBe("manager");
    await invitee.getByTestId("invite-name").fill("Nina Manager");
    await invitee.getByTestId("invite-password").fill("a long enough secret");
    await invitee.getByTestId("invite-password-repeat").fill("a long enough secret");
    await invitee.getByTestId("invite-submit").click();
    await invitee.getByTestId("current-user").filter({ hasText: "Nina Manager" }).waitFor();

    await admin.goto(`${server.url}/audit`);
    const actions = admin.getByTestId("audit-row");
    await expect
      .poll(async () =>
        (await actions.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))).slice(0, 3),
      )
      .toEqual(expect.arrayContaining(["user.invitation_accepted", "user.invited"]));

    await invitee.getByTestId("sign-out").click();
    await invitee.waitForURL(/\/login/);
    expect(await invitee.evaluate(async () => (await fetch("/api/auth/me")).status)).toBe(401);
    await context.close();
    await admin.close();
  });
});
