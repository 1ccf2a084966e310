"""Transitions per second through the runner with 1 and 8 workers, on a throwaway copy."""

from bench.common import Context, Result, log, scratch_copy, shell

NAME = "transitions"


def run(ctx: Context) -> Result:
    import json

    copy, drop = scratch_copy(ctx.url, "transitions")
    try:
        log("transitions: 1 and 8 workers …")
        code = f"from bench.inprocess.transitions import main; main({ctx.seconds}, 8)"
        runs = json.loads(shell(copy, code))
    finally:
        drop()
    result = Result(NAME)
    for run_ in runs:
        result.lines.append(
            f"transitions, {run_['workers']} worker(s): {run_['per_second']:.0f}/s "
            f"({run_['transitions']} done, {run_['conflicts']} refused as conflicts); "
            f"log rows {run_['log_rows']} = transitions {run_['transitions']} = stage changes "
            f"{run_['stage_changes']}: "
            f"{'no update lost' if run_['consistent'] else 'LOST UPDATES'}"
        )
    result.figures["transitions/s"] = runs[0]["per_second"]
    return result
