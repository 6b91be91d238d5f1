import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { Navigate, useLocation } from "react-router-dom";
import type { SessionView, UserRole } from "../../server/api/types.ts";
import { ApiRequestError, api, rememberSession } from "./api.ts";
import { ErrorAlert, PageLoader } from "./components/Feedback.tsx";

/**
 * Which roles see which part of the UI. The server decides (every route declares its roles); this only
 * keeps people from being shown what they would be refused.
 */
export const areas = {
  review: ["agent", "manager", "admin"],
  conversations: ["agent", "manager", "admin"],
  sandbox: ["admin", "manager"],
  users: ["admin"],
  audit: ["manager", "admin"],
  /** Managers see the list to set each mailbox's signature; connecting, pausing and disconnecting are admins'. */
  mailboxes: ["admin", "manager"],
  manageMailboxes: ["admin"],
  connectors: ["logistics", "admin"],
  /** The order page: the review panel's order, for those who answer customers or run logistics. */
  orders: ["agent", "manager", "logistics", "admin"],
} as const satisfies Record<string, readonly UserRole[]>;
export type Area = keyof typeof areas;

export function can(session: SessionView | null, area: Area): boolean {
  return session !== null && (areas[area] as readonly UserRole[]).includes(session.user.role);
}

interface SessionState {
  session: SessionView | null;
  /** After sign-in or accepting an invitation. */
  signedIn(session: SessionView): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

type Load =
  | { state: "loading" }
  | { state: "anonymous" }
  | { state: "error"; message: string }
  | { state: "ready" };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [load, setLoad] = useState<Load>({ state: "loading" });

  useEffect(() => {
    api.me().then(
      (me) => {
        rememberSession(me);
        setSession(me);
        setLoad({ state: "ready" });
      },
      (error: unknown) => {
        if (error instanceof ApiRequestError && error.status === 401) setLoad({ state: "anonymous" });
        else setLoad({ state: "error", message: error instanceof Error ? error.message : String(error) });
      },
    );
  }, []);

  const signedIn = useCallback((next: SessionView) => {
    rememberSession(next);
    setSession(next);
    setLoad({ state: "ready" });
  }, []);

  const signOut = useCallback(async () => {
    await api.logout().catch(() => {});
    rememberSession(null);
    setSession(null);
    setLoad({ state: "anonymous" });
  }, []);

  if (load.state === "loading") return <PageLoader />;
  if (load.state === "error") return <ErrorAlert title="Can't reach Mailroom" message={load.message} />;
  return <SessionContext.Provider value={{ session, signedIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}

/** The signed-in part of the app: anonymous visitors go to the login page and come back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** A page only some roles may open; others are told so instead of seeing errors. */
export function RoleGate({ area, children }: { area: Area; children: ReactNode }) {
  const { session } = useSession();
  if (can(session, area)) return children;
  return (
    <div data-testid="forbidden">
      <ErrorAlert
        title="Not available to your role"
        message={`This page is for ${areas[area].join(", ")}. You are signed in as ${session?.user.role ?? "nobody"}.`}
      />
    </div>
  );
}
