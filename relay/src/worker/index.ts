// The control relay's Worker entry (Hono + a Durable Object per team), built by the runner issues.
export default {
  fetch: () => new Response("Nexus Flow relay: not deployed yet", { status: 503 }),
};
