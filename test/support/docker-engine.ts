/**
 * A real Docker engine for tests, and the local test image. If no daemon answers on the
 * default socket, starts Debian's dockerd WITHOUT touching the host's network (no bridge, no
 * iptables, no forwarding or masquerading; its own data and exec roots), waits until it
 * answers, and builds `nexus-test/busybox:1` by `docker import` of a busybox-static root
 * filesystem: no registry is reachable, nothing is pulled. Idempotent and safe when several
 * test files call it at once: the work runs under `flock -o` (-o: the daemon it starts must
 * not inherit the lock and hold it forever). When Docker cannot run on this machine it
 * throws, saying what is missing: these tests fail, they never skip.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

export const testImage = "nexus-test/busybox:1";
export const dockerSocket = "/var/run/docker.sock";
const lock = "/tmp/nexus-test-docker.lock";
const dataRoot = "/var/lib/nexus-test-docker";
const execRoot = "/run/nexus-test-docker";
const log = "/tmp/nexus-test-dockerd.log";

/** Debian's client matches Debian's daemon; another `docker` on PATH may be any version. */
export const dockerCli = existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";

// Runs under flock: the first caller starts the daemon and builds the image, the others find them.
const setup = `
set -e
docker=${dockerCli}
answers() { "$docker" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if ! answers; then
  command -v dockerd >/dev/null || { echo "dockerd is not installed: install Debian's docker.io (npm test does: tsx scripts/provision.ts)" >&2; exit 3; }
  mkdir -p ${dataRoot} ${execRoot}
  setsid dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \\
    --data-root ${dataRoot} --exec-root ${execRoot} --pidfile ${execRoot}/dockerd.pid \\
    --host unix://${dockerSocket} >${log} 2>&1 </dev/null &
  for i in $(seq 1 150); do answers && break; sleep 0.2; done
  answers || { echo "dockerd did not answer within 30 s; the end of its log (${log}):" >&2; tail -n 15 ${log} >&2; exit 4; }
fi
if ! "$docker" image inspect ${testImage} >/dev/null 2>&1; then
  busybox=$(dpkg -L busybox-static 2>/dev/null | grep -m1 '/bin/busybox$' || true)
  [ -n "$busybox" ] || { echo "busybox-static is not installed: install Debian's busybox-static (npm test does: tsx scripts/provision.ts)" >&2; exit 5; }
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
  tar -C "$root" -c . | "$docker" import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - ${testImage} >/dev/null
  rm -rf "$root"
fi
`;

let ready: Promise<void> | undefined;

/**
 * @example await ensureDockerEngine(); // then run containers of `testImage`
 */
export function ensureDockerEngine(): Promise<void> {
  return (ready ??= (async () => {
    try {
      await run("flock", ["-o", lock, "sh", "-c", setup], { timeout: 120_000 });
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
      throw new Error(`these tests need a real Docker engine, and it could not be made ready: ${stderr || (error as Error).message}`);
    }
  })());
}

/** `docker …` with Debian's client; resolves with stdout. */
export async function docker(...args: string[]): Promise<string> {
  return (await run(dockerCli, args, { timeout: 60_000 })).stdout;
}

/** Containers (running or not) carrying this label (`key` or `key=value`). */
export async function containersLabelled(label: string): Promise<string[]> {
  return (await docker("ps", "-a", "-q", "--filter", `label=${label}`)).split("\n").filter(Boolean);
}
