#!/usr/bin/env python3
"""Grade every hostile case of $HOSTILE_ROOT/cases together with the honest baselines.

For each case: a fresh run folder runs/<case>/ holding copies of the case's submissions and of
honest_empty/ and honest_partial/, one `GRADER grade ... --jobs 2` run into runs/<case>/out/,
then checks (exit status, points of every row, honest rows versus a baseline run, grades.csv /
grades.json completeness, processes left running, files left outside the output folder,
submissions modified, case-specific checks from cases_meta.json).

Writes RESULTS.md and results.json next to this script.

    python3 run_all.py [--grader CMD] [--case NAME ...] [--parallel N] [--timeout S] [--memory MB]
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import csv
import fnmatch
import hashlib
import io
import json
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time

HERE = os.environ.get("HOSTILE_ROOT") or os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
RUNS = os.path.join(HERE, "runs")
REPORT = HERE
RUN_ID = f"{os.getpid()}-{int(time.time())}"
HONEST = ["honest_empty", "honest_partial"]
EXERCISES = ["log_gaussian_pdf", "ellipse_params", "logsumexp", "e_step", "m_step", "fit_gmm",
             "init_random", "init_kmeans", "n_parameters", "bic", "aic"]
WATCH = ["/tmp", os.path.expanduser("~"), "/dev/shm", "/var/tmp", HERE]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
csv.field_size_limit(2**31 - 1)


# ------------------------------------------------------------------ helpers
def listdir_safe(d):
    try:
        return set(os.listdir(d))
    except OSError:
        return set()


def snapshot_watch():
    return {d: listdir_safe(d) for d in WATCH}


def tree_digest(root):
    """{relpath: digest} of the submissions (symlinks and FIFOs by their kind/target)."""
    out = {}
    for dp, dns, fns in os.walk(root, followlinks=False):
        for n in dns + fns:
            p = os.path.join(dp, n)
            rel = os.path.relpath(p, root)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                out[rel] = "link:" + os.readlink(p)
            elif stat.S_ISFIFO(st.st_mode):
                out[rel] = "fifo"
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha1()
                with open(p, "rb") as f:
                    for b in iter(lambda: f.read(1 << 20), b""):
                        h.update(b)
                out[rel] = h.hexdigest()
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = "dir"
    return out


def proc_list():
    res = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            res[int(p)] = cmd
        except OSError:
            pass
    return res


def procs_of_case(case, rundir):
    """Processes started from a case: GA_CASE=<case> in their environment or the run dir in argv."""
    me = os.getpid()
    tag = f"GA_CASE={case}".encode()
    run_tag = f"GA_RUN={RUN_ID}".encode()
    found = {}
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == me:
            continue
        try:
            with open(f"/proc/{p}/environ", "rb") as f:
                env = f.read().split(b"\0")
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            with open(f"/proc/{p}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state == "Z":
            continue
        if (tag in env and run_tag in env) or rundir in cmd:
            found[int(p)] = cmd[:200]
    return found


def kill_pids(pids):
    for p in pids:
        for s in (signal.SIGCONT, signal.SIGKILL):
            try:
                os.kill(p, s)
            except OSError:
                pass


def read_csv(path):
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            return list(csv.reader(f))
    except OSError:
        return None


def rows_of(table):
    if not table:
        return []
    head = table[0]
    return [dict(zip(head, r)) for r in table[1:]]


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def copy_case(case, meta, subs):
    src = os.path.join(CASES, case)
    dst = os.path.join(subs, case)
    shutil.copytree(src, dst, symlinks=True,
                    ignore=lambda d, names: [n for n in names if d == src and n == "ATTACK.md"])
    for rel in meta.get("fifos", []):
        p = os.path.join(dst, rel)
        if os.path.lexists(p):
            os.unlink(p)
        os.mkfifo(p)
    for rel, target in meta.get("symlinks", []):
        p = os.path.join(dst, rel)
        if os.path.lexists(p):
            os.unlink(p)
        os.symlink(target, p)
    for h in HONEST:
        shutil.copytree(os.path.join(HERE, h), os.path.join(subs, h), symlinks=True)


def run_grader(grader, paths, out, args, env_tag, cwd, wall):
    cmd = shlex.split(grader) + ["grade", *paths, "--out", out, "--jobs", "2",
                                 "--timeout", str(args.timeout), "--memory", str(args.memory),
                                 "--no-progress"]
    env = dict(os.environ, GA_CASE=env_tag, GA_RUN=RUN_ID)
    t0 = time.time()
    with open(os.path.join(cwd, "grader.stdout"), "wb") as so, \
            open(os.path.join(cwd, "grader.stderr"), "wb") as se:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=so, stderr=se,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        hung = False
        try:
            rc = p.wait(timeout=wall)
        except subprocess.TimeoutExpired:
            hung = True
            for s in (signal.SIGCONT, signal.SIGKILL):
                try:
                    os.killpg(p.pid, s)
                except OSError:
                    pass
            rc = p.wait()
    return rc, hung, round(time.time() - t0, 1)


def honest_points(rows):
    res = {}
    for r in rows:
        if r.get("submission") in HONEST:
            res[r["submission"]] = {e: fnum(r.get(e)) for e in EXERCISES + ["total"]}
    return res


# ------------------------------------------------------------------ baseline
def baseline(args):
    rundir = os.path.join(RUNS, "_baseline")
    shutil.rmtree(rundir, ignore_errors=True)
    subs = os.path.join(rundir, "subs")
    os.makedirs(subs)
    for h in HONEST:
        shutil.copytree(os.path.join(HERE, h), os.path.join(subs, h), symlinks=True)
    out = os.path.join(rundir, "out")
    rc, hung, secs = run_grader(args.grader, [os.path.join(subs, h) for h in HONEST], out, args,
                                "_baseline", rundir, args.wall)
    rows = rows_of(read_csv(os.path.join(out, "grades.csv")))
    hp = honest_points(rows)
    if set(hp) != set(HONEST):
        sys.exit(f"baseline run failed (rc={rc}, hung={hung}): {rows}")
    return hp, secs


# ------------------------------------------------------------------ one case
GLOBAL_TMP: set = set()
RUNNING: set = set()


def case_is_concurrent(case):
    return len(RUNNING - {case}) > 0


def run_case(case, meta, args, base):
    RUNNING.add(case)
    try:
        return _run_case(case, meta, args, base)
    finally:
        RUNNING.discard(case)


def _run_case(case, meta, args, base):
    rundir = os.path.join(RUNS, case)
    shutil.rmtree(rundir, ignore_errors=True)
    subs = os.path.join(rundir, "subs")
    os.makedirs(subs)
    copy_case(case, meta, subs)
    extra = meta.get("extra", {})
    victim = None
    if "victim" in extra:
        victim = os.path.join(rundir, extra["victim"])
        with open(victim, "w") as f:
            f.write("ORIGINAL VICTIM CONTENT\n")
    out = os.path.join(rundir, "out")
    paths = [os.path.join(subs, p) for p in meta["submit"]] + [os.path.join(subs, h) for h in HONEST]
    digest_before = tree_digest(subs)
    rundir_before = listdir_safe(rundir)
    watch_before = snapshot_watch()
    wall = args.wall + max(0, len(paths) - 3) * args.timeout
    rc, hung, secs = run_grader(args.grader, paths, out, args, case, rundir, wall)
    time.sleep(float(extra.get("recheck_after", 1.5)))
    # -------- processes left behind
    left = procs_of_case(case, rundir)
    kill_pids(left)
    # -------- gradebook
    table = read_csv(os.path.join(out, "grades.csv"))
    rows = rows_of(table)
    try:
        with open(os.path.join(out, "grades.json"), encoding="utf-8", errors="replace") as f:
            js = json.load(f)
        if isinstance(js, dict) and isinstance(js.get("submissions"), list):
            js = js["submissions"]
    except Exception as e:  # noqa: BLE001
        js = None
    n_expected = len(paths)
    hp = honest_points(rows)
    res = {"case": case, "tries": meta["tries"], "expect": meta["expect"], "exit": rc,
           "hung": hung, "seconds": secs, "n_expected_rows": n_expected,
           "csv_rows": len(rows) if table is not None else None,
           "json_rows": len(js) if isinstance(js, list) else None, "fail": [], "notes": []}
    res["rows"] = [{"submission": r.get("submission"),
                    "points": {e: fnum(r.get(e)) for e in EXERCISES},
                    "total": fnum(r.get("total")), "errors": (r.get("errors") or "")[:300]}
                   for r in rows]
    if isinstance(js, list):
        res["json_verdicts"] = {}
        for rec in js:
            if isinstance(rec, dict) and rec.get("submission") not in HONEST:
                res["json_verdicts"][str(rec.get("submission"))[:60]] = {
                    e: f"{v.get('status')}: {str(v.get('feedback'))[:160]}"
                    for e, v in (rec.get("exercises") or {}).items()
                    if isinstance(v, dict) and v.get("status") != "not attempted"}
    fail = res["fail"]
    if hung:
        fail.append("crashed: grader hung (killed after %ss)" % wall)
    elif rc != 0:
        fail.append(f"crashed: exit status {rc}")
    if table is None:
        fail.append("lost rows: no grades.csv")
    elif len(rows) != n_expected:
        fail.append(f"lost rows: grades.csv has {len(rows)} rows, expected {n_expected}")
    if js is None:
        fail.append("lost rows: grades.json missing or unreadable")
    elif not isinstance(js, list) or len(js) != n_expected:
        fail.append(f"lost rows: grades.json has {len(js) if isinstance(js, list) else '?'} records, expected {n_expected}")
    for h in HONEST:
        if h not in hp:
            fail.append(f"harmed honest: row {h} missing")
        elif hp[h] != base[h]:
            diff = {e: (base[h][e], hp[h][e]) for e in base[h] if base[h][e] != hp[h][e]}
            herr = next((r.get("errors") or "" for r in rows if r.get("submission") == h), "")
            fail.append(f"harmed honest: {h} changed {diff} (its errors: {herr[:160]!r})")
    # -------- unearned points
    case_rows = [r for r in rows if r.get("submission") not in HONEST]
    mp = meta["max_points"]
    for r in case_rows:
        over = {e: fnum(r.get(e)) for e in EXERCISES
                if fnum(r.get(e)) is not None and fnum(r.get(e)) > mp.get(e, 0)}
        tot = fnum(r.get("total"))
        if tot is not None and tot > sum(mp.values()):
            over["total"] = tot
        if over:
            fail.append(f"unearned points: row {r.get('submission')!r} got {over}")
    if extra.get("points_only_for"):
        scored = [r.get("submission") for r in case_rows if (fnum(r.get("total")) or 0) > 0]
        if len(scored) > 1:
            fail.append(f"unearned points: several rows scored {scored}")
    # -------- case-specific checks
    csv_text = ""
    try:
        with open(os.path.join(out, "grades.csv"), encoding="utf-8", errors="replace") as f:
            csv_text = f.read()
    except OSError:
        pass
    fb_dir = os.path.join(out, "feedback")
    fb = {}
    for n in listdir_safe(fb_dir):
        try:
            with open(os.path.join(fb_dir, n), encoding="utf-8", errors="replace") as f:
                fb[n] = f.read()
        except OSError:
            pass
    if extra.get("csv_no_formula") and table:
        bad = [c for r in table for c in r if c.startswith(FORMULA_START)]
        if bad:
            fail.append(f"csv injection: cells start with a formula character: {[b[:40] for b in bad[:5]]}")
        if any(line.startswith(FORMULA_START) for line in csv_text.splitlines()[1:]):
            fail.append("csv injection: a physical CSV line starts with a formula character")
    if extra.get("leak_marker"):
        m = extra["leak_marker"]
        where = [n for n, t in fb.items() if m in t] + (["grades.csv"] if m in csv_text else [])
        if where:
            fail.append(f"leak: hidden cases reach {where}")
    if extra.get("errors_must_not_contain") and extra["errors_must_not_contain"] in csv_text:
        fail.append(f"leak: {extra['errors_must_not_contain']} in grades.csv")
    if extra.get("feedback_must_not_contain"):
        m = extra["feedback_must_not_contain"]
        where = [n for n, t in fb.items() if m in t] + (["grades.csv"] if m in csv_text else [])
        if where:
            fail.append(f"leak: {m!r} in {where}")
    if extra.get("csv_max_bytes") and len(csv_text.encode()) > extra["csv_max_bytes"]:
        fail.append(f"bloat: grades.csv is {len(csv_text.encode())} bytes")
    if victim is not None:
        try:
            with open(victim) as f:
                vc = f.read()
        except OSError:
            vc = None
        if vc != "ORIGINAL VICTIM CONTENT\n":
            fail.append(f"wrote outside: victim file outside the output folder changed ({(vc or 'deleted')[:60]!r})")
    if extra.get("no_extra_feedback") and extra["no_extra_feedback"] in fb:
        fail.append("forged: a feedback file planted by the student is in the gradebook")
    if extra.get("feedback_single_total"):
        for n, t in fb.items():
            if n.startswith("honest"):
                continue
            lines = t.splitlines()
            if sum(l.startswith("**Total") for l in lines) > 1 or any(l.startswith("| `logsumexp` | 3 / 3") for l in lines):
                fail.append(f"feedback injection: forged lines in feedback/{n}")
    if extra.get("distinct_feedback"):
        n_case_fb = len([n for n in fb if not n.startswith("honest")])
        if n_case_fb < n_expected - len(HONEST):
            fail.append(f"lost feedback: {n_case_fb} feedback files for {n_expected - len(HONEST)} case submissions")
    # forged gradebook content (rows whose name is not a submission)
    if rows:
        names = [r.get("submission") for r in rows]
        if len(set(names)) != len(names):
            res["notes"].append(f"duplicate row names {names}")
    # -------- files left behind
    left_files = []
    for rel in sorted(listdir_safe(rundir) - rundir_before):
        if rel not in ("out", "grader.stdout", "grader.stderr"):
            left_files.append(os.path.join(rundir, rel))
    watch_after = snapshot_watch()
    for d in WATCH:
        for n in sorted(watch_after[d] - watch_before[d]):
            if case in n:
                left_files.append(os.path.join(d, n))
    for f in extra.get("outside_files", []):
        p = os.path.expanduser(f.replace("RUN/", rundir + "/"))
        if os.path.lexists(p) and p not in left_files:
            left_files.append(p)
    # grader temporary folders that appeared during this run and survive it: attributed to this
    # case when their work/ copy holds only submissions of this run and no live process uses them
    basenames = {os.path.basename(x.rstrip("/")) for x in paths}
    basenames |= {os.path.splitext(b)[0] for b in basenames}
    live = " ".join(proc_list().values())
    for n in sorted(watch_after["/tmp"] - watch_before["/tmp"]):
        if not n.startswith("gmmlab-grade-"):
            continue
        p = os.path.join("/tmp", n)
        if p in live or not os.path.isdir(p):
            continue
        work = listdir_safe(os.path.join(p, "work"))
        if work and work <= basenames and (work - set(HONEST) or not case_is_concurrent(case)):
            left_files.append(p)
        elif work and work <= basenames:
            res["notes"].append(f"grader temp folder left (maybe of a concurrent case): {p} {sorted(work)}")
            GLOBAL_TMP.add(p)
    digest_after = tree_digest(subs)
    changed = sorted(k for k in set(digest_before) | set(digest_after)
                     if digest_before.get(k) != digest_after.get(k))
    if changed:
        fail.append(f"submissions modified: {changed[:5]}")
    if left:
        fail.append(f"left running: {len(left)} process(es): {list(left.values())[:3]}")
    if left_files:
        fail.append(f"left files outside the output folder: {left_files[:6]}")
    res["left_processes"] = left
    res["left_files"] = left_files
    # clean up what the case left behind (only what this case created)
    for p in left_files:
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p, ignore_errors=True)
        else:
            try:
                os.unlink(p)
            except OSError:
                pass
    res["verdict"] = "FAIL" if fail else "PASS"
    res["categories"] = sorted({f.split(":")[0] for f in fail})
    if not args.keep:
        # keep only the gradebook (small) for inspection
        shutil.rmtree(subs, ignore_errors=True)
    return res


# ------------------------------------------------------------------ report
CAT_ORDER = ["unearned points", "harmed honest", "lost rows", "crashed", "left running",
             "left files outside the output folder", "wrote outside", "submissions modified",
             "leak", "csv injection", "feedback injection", "forged", "bloat", "lost feedback"]


def outcome_text(r):
    if r["rows"]:
        pts = "; ".join(f"{x['submission'][:30]!s}={x['total']}" for x in r["rows"]
                        if x["submission"] not in HONEST)
    else:
        pts = "no rows"
    s = f"exit {r['exit']}{' HUNG' if r['hung'] else ''}, {r['seconds']}s, rows {r['csv_rows']}/{r['n_expected_rows']}; case total(s): {pts}"
    if r["fail"]:
        s += "<br>**" + "<br>".join(f.replace("|", "\\|")[:300] for f in r["fail"]) + "**"
    return s.replace("\n", "\\n")


def write_report(results, base, args, started, global_notes):
    results = sorted(results, key=lambda r: r["case"])
    with open(os.path.join(REPORT, "results.json"), "w") as f:
        json.dump({"grader": args.grader, "started": started, "finished": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
                   "baseline": base, "global": global_notes, "cases": results}, f, indent=1, default=str)
    counts = {c: [r["case"] for r in results if c in r["categories"]] for c in CAT_ORDER}
    lines = [f"# Attack results\n", f"Grader: `{args.grader}`; started {started}; "
             f"{len(results)} cases; timeout {args.timeout}s, memory {args.memory} MB, --jobs 2, "
             f"{args.parallel} cases in parallel.\n",
             f"Baseline (honest rows graded alone): `{json.dumps({h: base[h]['total'] for h in base})}`\n",
             "## Summary\n", "| outcome | cases | which |", "|---|---|---|"]
    lines.append(f"| PASS (grader resisted) | {sum(r['verdict'] == 'PASS' for r in results)} | |")
    lines.append(f"| FAIL (some expectation broken) | {sum(r['verdict'] == 'FAIL' for r in results)} | |")
    for c in CAT_ORDER:
        if counts[c]:
            lines.append(f"| {c} | {len(counts[c])} | {', '.join(counts[c])} |")
    lines += ["", "## Global checks\n"] + [f"- {n}" for n in global_notes] + ["",
              "## Cases\n", "| case | what it tries | outcome | verdict |", "|---|---|---|---|"]
    for r in results:
        tries = r['tries'].replace('|', '\\|')
        lines.append(f"| `{r['case']}` | {tries} | {outcome_text(r)} | {r['verdict']} |")
    with open(os.path.join(REPORT, "RESULTS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grader", default=os.path.join(sys.prefix, "bin", "gmmlab"),
                    help="grader command (split with shlex; 'grade' is appended)")
    ap.add_argument("--case", action="append", default=[],
                    help="case name or glob (repeatable); default: all")
    ap.add_argument("--parallel", type=int, default=4, help="cases run at the same time")
    ap.add_argument("--timeout", type=int, default=60, help="--timeout passed to the grader")
    ap.add_argument("--memory", type=int, default=1000, help="--memory passed to the grader")
    ap.add_argument("--wall", type=int, default=240, help="kill a grading run after this many seconds")
    ap.add_argument("--keep", action="store_true", help="keep the copied submissions in runs/")
    ap.add_argument("--no-merge", action="store_true",
                    help="with --case, write a report of the selected cases only (default: update "
                         "them in the existing results.json of the same grader)")
    ap.add_argument("--report-dir", default=HERE, help="where RESULTS.md and results.json go")
    ap.add_argument("--runs-dir", default=os.path.join(HERE, "runs"), help="where the run folders go")
    ap.add_argument("--combine", nargs="+", metavar="RESULTS_JSON",
                    help="no grading: merge these results.json files (later ones win per case) "
                         "into --report-dir's results.json and rewrite RESULTS.md")
    args = ap.parse_args()
    global RUNS, REPORT
    RUNS = os.path.abspath(args.runs_dir)
    REPORT = os.path.abspath(args.report_dir)
    os.makedirs(REPORT, exist_ok=True)
    if args.combine:
        merged, base, notes, started = {}, None, [], None
        for fn in [os.path.join(REPORT, "results.json")] + args.combine:
            with open(fn) as f:
                d = json.load(f)
            base = base or d["baseline"]
            started = started or d["started"]
            args.grader = d["grader"]
            notes += [f"[{os.path.relpath(fn, HERE)}] {n}" for n in d.get("global", [])]
            for r in d["cases"]:
                merged[r["case"]] = r
        write_report(list(merged.values()), base, args, started, notes)
        print(open(os.path.join(REPORT, "RESULTS.md")).read().split("## Cases")[0])
        return
    with open(os.path.join(HERE, "cases_meta.json")) as f:
        meta = json.load(f)
    names = sorted(meta)
    if args.case:
        names = [n for n in names if any(n == c or fnmatch.fnmatch(n, c) for c in args.case)]
        if not names:
            sys.exit(f"no case matches {args.case}")
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    os.makedirs(RUNS, exist_ok=True)
    watch_before = snapshot_watch()
    print(f"baseline ...", flush=True)
    base, secs = baseline(args)
    print(f"baseline {json.dumps({h: base[h]['total'] for h in base})} in {secs}s", flush=True)
    results = []
    previous = []
    if args.case and not args.no_merge and os.path.exists(os.path.join(REPORT, "results.json")):
        # a filtered run updates the given cases in the existing report and keeps the others
        try:
            with open(os.path.join(REPORT, "results.json")) as f:
                old = json.load(f)
            if old.get("grader") == args.grader:
                previous = [r for r in old.get("cases", []) if r["case"] not in names and r["case"] in meta]
        except Exception:  # noqa: BLE001
            previous = []
    # cases marked exclusive (their helpers cannot tell their own grading run from another one)
    # run alone, after the others
    shared = [n for n in names if not meta[n].get("extra", {}).get("exclusive")]
    alone = [n for n in names if meta[n].get("extra", {}).get("exclusive")]

    def outcomes():
        with cf.ThreadPoolExecutor(max_workers=args.parallel) as ex:
            futs = {ex.submit(run_case, n, meta[n], args, base): n for n in shared}
            for fut in cf.as_completed(futs):
                yield futs[fut], fut
        for n in alone:
            fut = cf.Future()
            try:
                fut.set_result(run_case(n, meta[n], args, base))
            except Exception as e:  # noqa: BLE001
                fut.set_exception(e)
            yield n, fut

    if True:
        for n, fut in outcomes():
            try:
                r = fut.result()
            except Exception as e:  # noqa: BLE001
                r = {"case": n, "tries": meta[n]["tries"], "expect": meta[n]["expect"], "exit": None,
                     "hung": False, "seconds": 0, "n_expected_rows": 0, "csv_rows": None, "rows": [],
                     "fail": [f"runner error: {e!r}"], "categories": ["runner error"], "verdict": "ERROR"}
            results.append(r)
            print(f"[{len(results)}/{len(names)}] {n}: {r['verdict']} {r['fail'][:2]}", flush=True)
            write_report(results + previous, base, args, started, ["(partial report, run in progress)"])
    global_notes = []
    time.sleep(2)
    leftovers = {}
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == os.getpid():
            continue
        try:
            with open(f"/proc/{p}/environ", "rb") as f:
                env = f.read()
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"GA_RUN={RUN_ID}".encode() in env.split(b"\0") or RUNS + "/" in cmd:
            leftovers[int(p)] = cmd[:150]
    global_notes.append(f"processes started by the grading runs still alive at the end: "
                        f"{len(leftovers)} {list(leftovers.values())[:10]}")
    kill_pids(leftovers)
    watch_after = snapshot_watch()
    for d in WATCH:
        added = sorted(watch_after[d] - watch_before[d] - {"runs", "RESULTS.md", "results.json"})
        if added:
            global_notes.append(f"new entries in {d} since the start of the run (may include other users' files): {added[:15]}")
    left_tmp = [n for n in listdir_safe("/tmp") if n.startswith("gmmlab-grade-")]
    global_notes.append(f"gmmlab-grade-* temporary folders in /tmp at the end: {len(left_tmp)} "
                        f"(left by the honest rows of cases run concurrently, unattributed: {sorted(GLOBAL_TMP)})")
    for p in GLOBAL_TMP:
        shutil.rmtree(p, ignore_errors=True)
    if previous:
        global_notes.append(f"{len(previous)} case(s) kept from the previous report (not rerun): "
                            f"{sorted(r['case'] for r in previous)}")
    write_report(results + previous, base, args, started, global_notes)
    print(open(os.path.join(REPORT, "RESULTS.md")).read().split("## Cases")[0])


if __name__ == "__main__":
    main()
