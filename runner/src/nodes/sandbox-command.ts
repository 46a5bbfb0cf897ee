/**
 * The command line that runs a program in the sandbox: `prlimit` for memory and process
 * limits, then bubblewrap (when there) with no network unless allowed, a read-only view of
 * the system (/usr and a few files of /etc, nothing of /root or /home), and a scratch
 * directory (also its /tmp) as the only writable place. As root the process runs as `nobody`, so
 * that the process limit (RLIMIT_NPROC, which never applies to root) stops fork bombs.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface SandboxSpec {
  readonly program: string;
  readonly args: readonly string[];
  readonly scratchDir: string;
  readonly network: boolean;
  readonly memoryMb?: number;
  readonly maxProcesses: number;
  /** Use bubblewrap (`bwrap`), or run with limits only. */
  readonly bwrap: string | undefined;
  /** Directories outside /usr the program needs to read (an interpreter's prefix). */
  readonly readOnly?: readonly string[];
}

const etcFiles = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/ssl", "/etc/ca-certificates", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/resolv.conf", "/etc/localtime", "/etc/mime.types"];

/** The scratch directory as the sandboxed program sees it. */
export const sandboxScratch = "/scratch";

export function sandboxCommand(spec: SandboxSpec, prlimit: string | undefined): { file: string; args: string[]; cwd: string } {
  const inner = spec.bwrap ? [spec.bwrap, ...bwrapArgs(spec), "--", spec.program, ...spec.args] : [spec.program, ...spec.args];
  const limits = [`--nproc=${spec.maxProcesses}`, ...(spec.memoryMb ? [`--as=${spec.memoryMb * 1024 * 1024}`] : [])];
  const line = prlimit ? [prlimit, ...limits, "--", ...inner] : inner;
  return { file: line[0]!, args: line.slice(1), cwd: spec.scratchDir };
}

function bwrapArgs(spec: SandboxSpec): string[] {
  const args = ["--unshare-all", ...(spec.network ? ["--share-net"] : []), "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"];
  for (const dir of ["bin", "sbin", "lib", "lib64", "lib32"]) if (existsSync(`/${dir}`)) args.push("--ro-bind", `/${dir}`, `/${dir}`);
  for (const file of etcFiles) args.push("--ro-bind-try", file, file);
  for (const dir of spec.readOnly ?? []) args.push("--ro-bind", dir, dir);
  // The scratch directory is also /tmp; everything else, the sandbox's own root included, is read-only.
  args.push("--proc", "/proc", "--dev", "/dev", "--bind", spec.scratchDir, sandboxScratch, "--bind", spec.scratchDir, "/tmp", "--chdir", sandboxScratch, "--remount-ro", "/");
  return args;
}

/** The full path of `program` on PATH, or undefined. */
export function findOnPath(program: string, path = process.env.PATH ?? ""): string | undefined {
  if (program.includes("/")) return isExecutable(program) ? program : undefined;
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, program);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
