/** Which images and networks a runner's config lets `docker.run` nodes use, and the refusals in words. */
import { NexusError } from "@nexus-flow/shared";
import type { DockerConfig } from "../../config/runner-config.ts";

/**
 * True when `image` matches one of the globs: `*` is any run of characters, `?` one character;
 * the whole name must match (`busybox*` allows `busybox:1.36`, not `evil/busybox`).
 * @example imageAllowed("python:3.12", ["python:3.*"]) // true
 */
export function imageAllowed(image: string, globs: readonly string[]): boolean {
  return globs.some((glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(image));
}

/** Throws, in words, when the config does not let this node use its image or network. */
export function refuseUnlessAllowed(node: { image: string; network?: string | undefined }, config: DockerConfig, where: { runnerName: string; configFile: string }): void {
  const globs = config.allowedImages ?? [];
  if (!imageAllowed(node.image, globs)) {
    const allowed = globs.length ? `only ${globs.map((glob) => `"${glob}"`).join(", ")}` : "no image at all";
    throw new NexusError({
      code: "IMAGE_NOT_ALLOWED",
      message: `image "${node.image}" is not allowed on runner ${where.runnerName}: its config (${where.configFile}) allows ${allowed} in docker.allowedImages`,
      retryable: false,
    });
  }
  const network = node.network ?? "none";
  if (network !== "none" && !(config.networks ?? []).includes(network)) {
    throw new NexusError({
      code: "NETWORK_NOT_ALLOWED",
      message: `network "${network}" is not allowed on runner ${where.runnerName}: add it to docker.networks in its config (${where.configFile}), or leave network at "none"`,
      retryable: false,
    });
  }
}
