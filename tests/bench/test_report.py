"""The benchmark's own arithmetic: reading wrk, ratios, verdicts, the table."""

from bench import report
from bench.report import Measurement, Target, targets_block

WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8400/api/v1/alliances/?page_size=20
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.04ms    3.10ms  48.20ms   91.00%
    Req/Sec   167.12     20.33   210.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   12.90ms
     90%   14.81ms
     99%    1.20s
  2671 requests in 8.01s, 31.22MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    333.46
Transfer/sec:      3.90MB
"""


def test_parse_wrk_reads_rate_percentiles_in_ms_and_errors():
    m = report.parse_wrk("list", WRK_OUTPUT)
    assert (m.rps, m.p50_ms, m.p99_ms, m.errors) == (333.46, 0.85, 1200.0, 7)


def test_ratio_and_missing_measurements():
    ours, theirs = Measurement("a", 300, 1, 2), Measurement("b", 20, 1, 2)
    assert report.ratio(ours, theirs) == 15
    assert report.ratio(ours, None) is None


def test_targets_say_met_not_met_or_not_measured():
    assert Target("x", 10.0, 10).met is True
    assert Target("x", 9.9, 10).met is False
    assert Target("p99", 99.0, 100, at_most=True).met is True
    assert Target("p99", 100.0, 100, at_most=True).met is False
    assert "not measured" in Target("x", None, 10).line()
    assert "NOT MET" in Target("x", 1.0, 10).line()


def test_table_has_one_row_per_measurement():
    text = report.table([Measurement("our list", 1234.4, 1.5, 9.25)])
    assert text.splitlines()[2].split() == ["our", "list", "1234", "1.50", "9.25", "0"]


def test_targets_line_up_however_long_their_names():
    block = targets_block(
        [
            Target("short", 1.0, 2, True),
            Target(
                "admin at 10,000 / 1,000: report: Ist-Soll-Differenzen je Standard", 1.0, 2, True
            ),
        ]
    )
    first, second = block.splitlines()
    assert first.index("target") == second.index("target")


def test_slices_combine_into_the_rate_over_their_whole_time():
    slices = [
        report.Measurement("a", 1000, 1.0, 5.0),
        report.Measurement("a", 500, 2.0, 9.0, errors=1),
        report.Measurement("a", 800, 1.5, 6.0),
    ]
    m = report.combined("list", slices, [2.0, 2.0, 4.0])
    assert m.rps == (2000 + 1000 + 3200) / 8
    assert (m.p50_ms, m.p99_ms, m.errors) == (1.5, 6.0, 1)
