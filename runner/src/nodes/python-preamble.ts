/**
 * The Python program that runs a `python` node's code: reads `{code, input}` as JSON on stdin,
 * runs the body with `input` in scope (a top-level `return` wraps it in a function), and
 * writes `{ok, output}` or `{ok: false, error}` as JSON on fd 3, so the user's own prints stay
 * on stdout for the run log. Tracebacks keep only the frames of the user's code, with its
 * line numbers.
 */
export const pythonPreamble = String.raw`
import json, linecache, os, sys, traceback
NAME = "<node code>"
def _run(request):
    code, missing = request["code"], object()
    scope = {"__name__": "__nexus__", "input": request["input"], "output": missing}
    try:
        compiled, offset = compile(code, NAME, "exec"), 0
    except SyntaxError as error:
        if error.msg != "'return' outside function":
            raise _Fail(error, 0)
        code = "def __nexus_node__(input):\n    output = None\n" + "\n".join("    " + line for line in code.split("\n")) + "\n    return output"
        compiled, offset = compile(code, NAME, "exec"), 2
    linecache.cache[NAME] = (len(code), None, code.splitlines(True), NAME)
    try:
        exec(compiled, scope)
        result = scope["__nexus_node__"](scope["input"]) if offset else scope["output"]
    except BaseException as error:
        raise _Fail(error, offset)
    return None if result is missing else result
class _Fail(Exception):
    def __init__(self, error, offset):
        self.error, self.offset = error, offset
def _describe(error, offset):
    if isinstance(error, SyntaxError) and error.filename == NAME:
        text = ("\n    " + error.text.strip()) if error.text else ""
        return "SyntaxError: %s (line %s)%s" % (error.msg, (error.lineno or 1) - offset, text)
    lines = []
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename != NAME:
            continue
        where = "your code" if frame.name in ("<module>", "__nexus_node__") else frame.name
        lines.append("  line %s, in %s\n    %s" % (frame.lineno - offset, where, (frame.line or "").strip()))
    head = ["Traceback (most recent call last):"] + lines if lines else []
    return "\n".join(head + ["".join(traceback.format_exception_only(type(error), error)).strip()])
def _main():
    pid, channel = os.getpid(), os.fdopen(3, "w")
    try:
        output = _run(json.load(sys.stdin))
        try:
            text = json.dumps({"ok": True, "output": output}, allow_nan=False)
        except (TypeError, ValueError) as error:
            text = json.dumps({"ok": False, "error": "the output is not JSON: %s" % error})
    except _Fail as fail:
        text = json.dumps({"ok": False, "error": _describe(fail.error, fail.offset)})
    except MemoryError:
        text = '{"ok": false, "error": "MemoryError: the code used more memory than the runner allows"}'
    sys.stdout.flush()
    if os.getpid() != pid:
        os._exit(1)  # a child the user's code forked: only the node's own process answers
    channel.write(text)
    channel.flush()
_main()
`;
