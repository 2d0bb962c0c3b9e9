"""Runs that are interrupted, killed or run out of disk lose nothing they finished (issue 16).

A real sweep (the smoke set on our kernels and oneDNN, verified and timed briefly) is
  - killed with SIGKILL at 20 random moments in a row, resumed each time: at the end every record the sweep
    asks for is present exactly once and verified;
  - stopped with SIGINT and SIGTERM: exit 128 + signal, every finished record in the .jsonl, the message
    gives their number and the command that goes on;
  - made to fail writing its .jsonl or its final .json (a file-size limit, a full tmpfs, a deleted folder):
    one line of error, exit 2, no temporary file left, a good .json from before left in place, the .jsonl
    readable and resumable.
Run by ctest with the binary as CONV1D_BENCH.
"""
import collections
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

BENCH = os.environ.get("CONV1D_BENCH", "build/harness/conv1d-bench")
SWEEP = os.path.join(os.path.dirname(__file__), "..", "..", "sweeps", "smoke.json")
# Brief timing, one thread (ctest runs tests side by side on two cores).
RUN = ["run", "--sweep", SWEEP, "--backend", "direct,xsmm,amx,onednn", "--mode", "CP", "--reps", "1",
       "--min-time", "0.005", "--threads", "1"]


def key(r):
    return (r["descriptor"], r["pass"], r["dt"], r["backend"], r["threads"])


def jsonl_lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f]  # every line must parse


def file_size_limit(limit):
    """preexec_fn: a per-file size limit; writes beyond it fail with EFBIG (SIGXFSZ ignored)."""
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


class Scratch(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="conv1d-interrupt-")
        self.out = os.path.join(self.dir, "r.json")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_bench(self, *extra, preexec_fn=None, args=RUN, out=None):
        return subprocess.run([BENCH, *args, "--out", out or self.out, *extra], capture_output=True, text=True,
                              preexec_fn=preexec_fn, timeout=600)

    def start(self, *extra, args=RUN):
        return subprocess.Popen([BENCH, *args, "--out", self.out, *extra], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)

    def assert_complete(self, expected_records):
        with open(self.out) as f:
            doc = json.load(f)
        keys = collections.Counter(key(r) for r in doc["records"])
        self.assertEqual(len(doc["records"]), expected_records)
        self.assertEqual(doc["context"]["run"]["records"], expected_records)
        self.assertEqual(max(keys.values()), 1, "a record is present twice")
        for r in doc["records"]:
            self.assertIn(r["status"], ("PASSED", "SKIPPED", "UNIMPLEMENTED"), r)
            if r["status"] == "PASSED":
                self.assertTrue(r["verification"]["verified"], r)
        self.assertFalse(os.path.exists(self.out + ".tmp"))
        return doc

    def one_error_line(self, proc):
        lines = [line for line in proc.stderr.splitlines() if line.startswith("conv1d-bench: error:")]
        self.assertEqual(len(lines), 1, proc.stderr)
        return lines[0]


class KillAndResume(Scratch):
    def test_sigkill_at_20_random_moments_then_complete(self):
        seed = int(os.environ.get("CONV1D_KILL_SEED", random.randrange(1 << 30)))
        rng = random.Random(seed)
        print(f"kill moments from seed {seed} (CONV1D_KILL_SEED={seed} repeats them)")
        kills = 0
        resumed = []
        while kills < 20:
            proc = self.start(*(["--resume"] if kills > 0 else []))
            moment = rng.uniform(0.05, 4.0)
            try:
                proc.wait(timeout=moment)
            except subprocess.TimeoutExpired:
                proc.kill()
                kills += 1
            stderr = proc.communicate()[1]
            if proc.returncode == 0:  # finished before the moment came: start the sweep afresh
                os.remove(self.out)
                os.remove(self.out + "l")
                kills = 0
                continue
            if "--resume: kept " in stderr:  # unless killed before it said so
                resumed.append(stderr.split("--resume: kept ")[1].split(" ")[0])
            # Whatever moment the kill came at, the .jsonl holds whole records, each once, up to a torn line.
            if not os.path.exists(self.out + "l"):
                continue  # killed before it was made
            with open(self.out + "l") as f:
                lines = f.read().split("\n")
            whole = [json.loads(line) for line in lines[:-1] if line]
            self.assertEqual(len(whole), len({key(r) for r in whole}))
        print("records kept at each resume:", " ".join(resumed))
        proc = self.run_bench("--resume")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("--resume: kept ", proc.stderr)
        doc = self.assert_complete(expected_records=120)
        self.assertEqual(len(jsonl_lines(self.out + "l")), 120)
        self.assertTrue(any(r["status"] == "PASSED" and r["backend"] == "direct" for r in doc["records"]))

    def test_sigint_and_sigterm_keep_finished_records_and_say_how_to_go_on(self):
        run = [a if a != "direct,xsmm,amx,onednn" else "direct,onednn" for a in RUN]  # 60 records
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=sig.name):
                proc = self.start(args=run)
                while not (os.path.exists(self.out + "l") and os.path.getsize(self.out + "l") > 0):
                    self.assertIsNone(proc.poll(), "the run ended before writing a record")
                    time.sleep(0.02)
                proc.send_signal(sig)
                stderr = proc.communicate(timeout=60)[1]
                self.assertEqual(proc.returncode, 128 + sig.value, stderr)
                kept = jsonl_lines(self.out + "l")
                self.assertGreater(len(kept), 0)
                self.assertIn(f"interrupted ({sig.name}): {len(kept)} finished record(s) kept in {self.out}l", stderr)
                self.assertIn("--resume", stderr.splitlines()[-1])
                self.assertFalse(os.path.exists(self.out))
                proc = self.run_bench("--resume", args=run)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertIn(f"--resume: kept {len(kept)} record(s)", proc.stderr)
                self.assert_complete(expected_records=60)
                os.remove(self.out)
                os.remove(self.out + "l")


# Few records, verified only: sizes are what the limits are placed between.
SMALL = ["run", "--problem", "mb1ic3iw40oc5kw3", "--problem", "mb2ic4iw30oc4kw5dw2", "--backend", "direct,onednn",
         "--mode", "C", "--threads", "1"]


class FullDisk(Scratch):
    def good_run(self):
        """A complete run in the scratch folder: the 'good .json from before'; returns its bytes and the .jsonl's size."""
        proc = self.run_bench(args=SMALL)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(self.out, "rb") as f:
            return f.read(), os.path.getsize(self.out + "l")

    def assert_failed_cleanly(self, proc, good, what):
        line = self.one_error_line(proc)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(what, line)
        self.assertNotIn("Traceback", proc.stderr)
        with open(self.out, "rb") as f:
            self.assertEqual(f.read(), good, "the good .json from before was replaced")
        self.assertEqual([n for n in os.listdir(os.path.dirname(self.out)) if n.endswith(".tmp")], [])
        return jsonl_lines(self.out + "l")  # what was streamed stays readable

    def test_jsonl_write_failure(self):
        good, jsonl_size = self.good_run()
        proc = self.run_bench(args=SMALL, preexec_fn=file_size_limit(jsonl_size // 2))
        kept = self.assert_failed_cleanly(proc, good, f"writing '{self.out}l' failed")
        self.assertIn(f"{len(kept)} record(s) before it are kept there", proc.stderr)
        self.assertLess(len(kept), 12)
        proc = self.run_bench("--resume", args=SMALL)  # room again: goes on from them
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(f"--resume: kept {len(kept)} record(s)", proc.stderr)
        with open(self.out) as f:
            self.assertEqual(len(json.load(f)["records"]), 12)

    def test_final_json_write_failure(self):
        good, jsonl_size = self.good_run()
        # Room for the .jsonl (one line per record) but not for the indented .json with its context.
        proc = self.run_bench(args=SMALL, preexec_fn=file_size_limit(jsonl_size + 512))
        kept = self.assert_failed_cleanly(proc, good, f"writing '{self.out}.tmp' failed")
        self.assertIn(f"{self.out} was not written", proc.stderr)
        self.assertEqual(len(kept), 12)

    def test_folder_removed_during_the_run(self):
        proc = subprocess.Popen([BENCH, *RUN, "--out", self.out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        while not (os.path.exists(self.out + "l") and os.path.getsize(self.out + "l") > 0):
            self.assertIsNone(proc.poll(), "the run ended before writing a record")
            time.sleep(0.02)
        shutil.rmtree(self.dir)
        stderr = proc.communicate(timeout=120)[1]
        self.assertEqual(proc.returncode, 2, stderr)
        self.assertEqual(len([l for l in stderr.splitlines() if l.startswith("conv1d-bench: error:")]), 1, stderr)
        self.assertIn("vanished during the run", stderr)

    def test_full_tmpfs(self):
        """A real full file system: a small tmpfs (needs root and mount rights; skipped otherwise)."""
        good, jsonl_size = self.good_run()
        mount = os.path.join(self.dir, "disk")
        os.mkdir(mount)
        if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount],
                                               capture_output=True).returncode != 0:
            self.skipTest("cannot mount a tmpfs here (not root, or no mount rights); the size-limit tests cover the path")
        try:
            out = os.path.join(mount, "r.json")
            shutil.copy(self.out, out)
            # Fill the disk but for half the .jsonl's size: the stream fails part way.
            with open(os.path.join(mount, "filler"), "wb") as f:
                try:
                    f.write(b"\0" * (64 * 1024 - os.path.getsize(out) - jsonl_size // 2 - 4096))
                except OSError:
                    pass
            self.out = out
            proc = self.run_bench(args=SMALL, out=out)
            self.assert_failed_cleanly(proc, good, "No space left on device (is the disk full?)")
            # Room for the .jsonl but not for the .json: the final write fails, the good .json stays.
            os.remove(out + "l")
            os.remove(os.path.join(mount, "filler"))
            with open(os.path.join(mount, "filler"), "wb") as f:
                f.write(b"\0" * (64 * 1024 - len(good) - jsonl_size - 8192))
            proc = self.run_bench(args=SMALL, out=out)
            if proc.returncode == 0:
                self.skipTest("the tmpfs had room for the .json after all (page rounding); the size-limit test covers it")
            kept = self.assert_failed_cleanly(proc, good, f"writing '{out}.tmp' failed")
            self.assertEqual(len(kept), 12)
        finally:
            subprocess.run(["umount", mount])


if __name__ == "__main__":
    unittest.main()
