/**
 * Debian packages the test suites run for real, installed when missing (idempotent; needs
 * root, as on the build machines) or refused with a message that names them. Chromium is
 * provisioned by the browser suites' own setup (test/e2e/support/chromium.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";

const needed = [
  { command: "bwrap", pkg: "bubblewrap", why: "shell.exec and python nodes run inside bubblewrap" },
  { command: "prlimit", pkg: "util-linux", why: "sandboxed nodes get their process and memory limits from prlimit" },
  { command: "python3", pkg: "python3", why: "the python node runs the machine's python3" },
  { command: "dockerd", pkg: "docker.io", why: "docker.run nodes run on a real Docker engine (test/support/docker-engine.ts starts it)" },
  // The static build: its one file is the whole root filesystem of the local test image.
  { command: "busybox-static", pkg: "busybox-static", why: "the docker.run tests' image is imported from a busybox-static root filesystem" },
];

const installed = (pkg: string) => spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout?.includes("install ok installed") ?? false;
const has = (command: string) => (command === "busybox-static" ? installed(command) : spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0);
const missing = needed.filter((tool) => !has(tool.command));
if (missing.length) {
  const list = missing.map((tool) => tool.pkg).join(" ");
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages that are missing: ${list}.\n${missing.map((tool) => `  ${tool.pkg}: ${tool.why}`).join("\n")}\nInstall them: sudo apt-get install -y ${list}`);
    process.exit(1);
  }
  console.log(`installing ${list} from Debian's packages…`);
  // flock: other jobs on the machine may be running apt-get at the same moment.
  execFileSync("flock", ["/tmp/apt.lock", "apt-get", "update", "-qq"], { stdio: "inherit" });
  execFileSync("flock", ["/tmp/apt.lock", "apt-get", "install", "-y", "-qq", ...missing.map((tool) => tool.pkg)], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  const still = missing.filter((tool) => !has(tool.command));
  if (still.length) {
    console.error(`apt-get ran, but these are still missing: ${still.map((tool) => tool.command).join(", ")}`);
    process.exit(1);
  }
}
