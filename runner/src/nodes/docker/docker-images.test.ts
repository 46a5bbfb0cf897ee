import { describe, expect, it } from "vitest";
import { toErrorData } from "@nexus-flow/shared";
import { imageAllowed, refuseUnlessAllowed } from "./docker-images.ts";

describe("docker.allowedImages", () => {
  it("matches whole image names against * and ? globs, with regex characters taken literally", () => {
    expect(imageAllowed("busybox:1.36", ["busybox*"])).toBe(true);
    expect(imageAllowed("evil/busybox:1", ["busybox*"])).toBe(false);
    expect(imageAllowed("python:3.12", ["python:3.*"])).toBe(true);
    expect(imageAllowed("python:312", ["python:3.*"])).toBe(false); // the dot is a dot
    expect(imageAllowed("nexus-test/busybox:1", ["alpine", "nexus-test/*"])).toBe(true);
    expect(imageAllowed("alpine:3", ["alpine:?"])).toBe(true);
    expect(imageAllowed("anything", [])).toBe(false);
  });

  it("refuses in words that name the runner, the config file and what it allows", () => {
    const refusal = (node: { image: string; network?: string }, config: object) => {
      try {
        refuseUnlessAllowed(node, config, { runnerName: "r1", configFile: "/etc/n.json" });
        return undefined;
      } catch (error) {
        return toErrorData(error);
      }
    };
    expect(refusal({ image: "alpine" }, {})).toMatchObject({ code: "IMAGE_NOT_ALLOWED", message: 'image "alpine" is not allowed on runner r1: its config (/etc/n.json) allows no image at all in docker.allowedImages' });
    expect(refusal({ image: "alpine", network: "host" }, { allowedImages: ["alpine"] })).toMatchObject({ code: "NETWORK_NOT_ALLOWED" });
    expect(refusal({ image: "alpine", network: "host" }, { allowedImages: ["alpine"], networks: ["host"] })).toBeUndefined();
  });
});
