/** Environment variables, injected so that tests never depend on the real process environment. */
export type Env = Readonly<Record<string, string | undefined>>;
