"""A submission's grade from its suites' outcomes: per kata the score, the
counts, the first failure and the status (the harness's one status rule,
plus "tampered")."""
import tomllib
from pathlib import Path

from common import course
from common.grading import sandbox
from common.harness.status import Outcome, kata_status

NOT_ATTEMPTED = "not attempted"
TAMPERED = "tampered"
POINTS = Path(__file__).resolve().parent / "points.toml"


def load_points(path=None):
    """{kata: points} from ``path`` (default common/grading/points.toml) over the
    course table's defaults; ValueError naming the file for an unknown kata or
    a negative number."""
    path = Path(path) if path else POINTS
    points = {k.name: k.points for k in course.COURSE}
    try:
        table = tomllib.loads(path.read_text()).get("katas", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path}: cannot be read as TOML ({error})") from None
    for kata, value in table.items():
        if kata not in points:
            raise ValueError(f"{path}: {kata!r} is not a kata of the course ({', '.join(course.KATAS)})")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{path}: the points of {kata} must be a number >= 0, got {value!r}")
        points[kata] = value
    return points


def score(name, path, suites_, outcomes, sandbox_note=None, points=None):
    """The grade of one submission from its suites' outcomes (a plain dict).
    Each kata is worth ``points[kata]`` (default: load_points()), split over
    all its tests, public and hidden, by their weights."""
    points = points or load_points()
    weights = {}
    for suite in suites_:
        weights[suite.kata] = weights.get(suite.kata, 0) + sum(w for _, w in suite.tests)
    grade = {"submission": name, "path": str(path), "score": 0, "max_score": 0, "katas": {},
             "tests": [], "notes": [], "grader_errors": [], "execution_time": 0.0, "cpu_time": 0.0, "sandbox": sandbox_note or sandbox.describe()}
    for suite, outcome in zip(suites_, outcomes):
        k = grade["katas"].setdefault(suite.kata, {
            "score": 0, "max_score": 0, "status": "", "passed": 0, "failed": 0, "not_attempted": 0,
            "skipped": 0, "first_failure": None, "problem": None, "hidden_total": 0, "hidden_passed": 0,
            "hidden_score": 0, "hidden_max_score": 0, "outcomes": []})
        if outcome.get("grader_error"):
            grade["grader_errors"].append(f"{suite.kata}: {outcome['problem']}")
        grade["execution_time"] += outcome["wall_s"]
        grade["cpu_time"] += outcome["cpu_s"]
        tampered = outcome["tampered"]
        if tampered:
            k["problem"] = "harness tampering detected, the kata scores 0: " + "; ".join(tampered[:5])
        elif outcome["problem"] and not k["problem"]:
            k["problem"] = outcome["problem"] + (" [hidden tests]" if suite.hidden else "")
            if not suite.hidden and outcome["output_tail"]:
                k["output_tail"] = outcome["output_tail"][-800:]
        if outcome.get("changed_outside"):
            grade["notes"].append("the project changed while this submission was graded (not by it): "
                                  + ", ".join(outcome["changed_outside"][:5]))
        scale = points.get(suite.kata, course.DEFAULT_POINTS) / (weights[suite.kata] or 1)
        for number, (nodeid, weight) in enumerate(suite.tests, 1):
            status, message = outcome["tests"].get(nodeid, ("failed", "no result"))
            worth = weight * scale
            earned = worth if status == "passed" and not tampered else 0
            k["score"] += earned
            k["max_score"] += worth
            k["outcomes"].append(Outcome(status))
            counter = {"passed": "passed", "pending": "not_attempted", NOT_ATTEMPTED: "not_attempted",
                       "skipped": "skipped"}.get(status, "failed")
            k[counter] += 1
            test_name = nodeid.split("::", 1)[-1]
            if suite.hidden:
                k["hidden_total"] += 1
                k["hidden_passed"] += status == "passed"
                k["hidden_score"] += earned
                k["hidden_max_score"] += worth
                test_name, message = f"hidden test {number}", ""
            elif status == "failed" and k["first_failure"] is None:
                k["first_failure"] = (test_name, message)
            if status in ("pending", NOT_ATTEMPTED):
                message = message if message.startswith(NOT_ATTEMPTED) else f"{NOT_ATTEMPTED} ({message})"
            elif status == "skipped":
                message = f"skipped: {message}"
            grade["tests"].append({"kata": suite.kata, "name": test_name, "score": earned,
                                   "max_score": worth, "weight": weight, "status": status,
                                   "output": message, "hidden": suite.hidden})
    spans = [(o["started"], o["ended"]) for o in outcomes if o and "started" in o and "ended" in o]
    grade["wall_time"] = max(e for _, e in spans) - min(b for b, _ in spans) if spans else 0.0
    for kata, k in grade["katas"].items():
        outcomes = k.pop("outcomes")
        tampered = k["problem"] and k["problem"].startswith("harness tampering")
        k["status"] = TAMPERED if tampered else str(kata_status(outcomes))
        for key in ("score", "max_score", "hidden_score", "hidden_max_score"):
            k[key] = round(k[key], 6)  # 10 points over 38 tests add up to 10.000000000000002
        grade["score"] = round(grade["score"] + k["score"], 6)
        grade["max_score"] = round(grade["max_score"] + k["max_score"], 6)
    return grade
