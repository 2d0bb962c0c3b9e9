"""Tests of ci/check_slurm.py, the judge of the Slurm array run in CI: a complete, once-each set passes;
a lost, doubled or failed record, a shard short of records and an incomplete merge each fail."""
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "ci"))
import check_slurm  # noqa: E402


def rec(desc, backend="ref", status="PASSED"):
    return {"descriptor": desc, "pass": "FWD_D", "dt": "f32", "backend": backend, "threads": 2, "status": status}


LOCAL = {"context": {}, "records": [rec("a"), rec("b"), rec("c"), rec("d", "amx", "SKIPPED")]}


def shards_of(records, n=2):
    return [(f"s{i + 1}.json", {"context": {"run": {"shard": f"{i + 1}/{n}", "records": len(records[i::n])}},
                                "records": records[i::n]}) for i in range(n)]


class CheckSlurm(unittest.TestCase):
    def judge(self, merged_records, shards=None, context=None):
        merged = {"context": context or {}, "records": merged_records}
        return check_slurm.problems(merged, LOCAL, shards if shards is not None else shards_of(merged_records))

    def test_a_complete_run_passes(self):
        self.assertEqual(self.judge(copy.deepcopy(LOCAL["records"])), [])

    def test_a_lost_record_fails(self):
        found = self.judge(LOCAL["records"][:3])
        self.assertTrue(any("missing" in f for f in found), found)

    def test_a_record_done_twice_fails_in_the_merge_and_in_its_shard(self):
        records = LOCAL["records"] + [rec("a")]
        shard = [("s1.json", {"context": {"run": {"shard": "1/1", "records": 5}}, "records": records})]
        found = self.judge(records, shard)
        self.assertTrue(any("appears 2 times" in f for f in found), found)
        self.assertTrue(any("s1.json" in f and "twice" in f for f in found), found)

    def test_a_failed_record_or_an_unexpected_skip_fails(self):
        records = copy.deepcopy(LOCAL["records"])
        records[1]["status"] = "FAILED"
        records[2]["status"] = "SKIPPED"
        found = self.judge(records)
        self.assertEqual(len([f for f in found if "locally PASSED" in f]), 2, found)

    def test_a_skip_where_the_local_run_skipped_too_passes(self):
        self.assertEqual(self.judge(copy.deepcopy(LOCAL["records"])), [])

    def test_a_short_shard_and_an_incomplete_merge_fail(self):
        shards = shards_of(LOCAL["records"])
        shards[1][1]["context"]["run"]["records"] = 5
        found = self.judge(LOCAL["records"], shards, {"incomplete": "shards 3/3 of x are missing"})
        self.assertTrue(any("holds 2 of 5" in f for f in found), found)
        self.assertTrue(any("marked incomplete" in f for f in found), found)


if __name__ == "__main__":
    unittest.main()
