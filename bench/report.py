"""Reading wrk's output and printing the one table of `make bench` (pure functions)."""

import re
from dataclasses import dataclass

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Measurement:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


@dataclass
class Target:
    name: str
    value: float | None
    limit: float
    at_most: bool = False  # True: value must stay below limit
    unit: str = "×"

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value < self.limit if self.at_most else self.value >= self.limit

    def line(self, width: int = 44) -> str:
        value = "n/a" if self.value is None else f"{self.value:.2f}{self.unit}"
        sign = "<" if self.at_most else "≥"
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[self.met]
        return (
            f"{self.name:<{width}} {value:>12}   target {sign} {self.limit:g}{self.unit:<4} "
            f"{verdict}"
        )


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(name: str, output: str) -> Measurement:
    """Requests/s and the 50th and 99th latency percentiles of `wrk --latency`."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    count = int(errors.group(1)) if errors else 0
    if socket:
        count += sum(int(n) for n in socket.groups())
    return Measurement(name, rps, p50, p99, count)


def combined(name: str, slices: list[Measurement], seconds: list[float]) -> Measurement:
    """One measurement of several slices of `seconds` each (wrk runs taken in turn with
    others): the rate over their whole time, the median of their percentiles."""

    def median(values: list[float]) -> float:
        ordered = sorted(values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    requests = sum(m.rps * t for m, t in zip(slices, seconds, strict=True))
    return Measurement(
        name,
        requests / sum(seconds),
        median([m.p50_ms for m in slices]),
        median([m.p99_ms for m in slices]),
        sum(m.errors for m in slices),
    )


def ratio(numerator: Measurement | None, denominator: Measurement | None) -> float | None:
    if not numerator or not denominator or not denominator.rps:
        return None
    return numerator.rps / denominator.rps


def table(measurements: list[Measurement]) -> str:
    lines = [f"{'endpoint':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"]
    lines.append("-" * len(lines[0]))
    for m in measurements:
        lines.append(f"{m.name:<44} {m.rps:>9.0f} {m.p50_ms:>8.2f} {m.p99_ms:>8.2f} {m.errors:>7}")
    return "\n".join(lines)


def targets_block(targets: list[Target]) -> str:
    """One line per target, the columns aligned to the longest name."""
    width = max((len(target.name) for target in targets), default=0)
    return "\n".join(target.line(max(width, 44)) for target in targets)
