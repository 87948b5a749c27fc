import json
import os
import subprocess
import sys

import pytest

from framing.cli import EXIT_CODES, main

ARTICLE = "Korea Utara membantah memasok amunisi ke Rusia.\nBaca Juga: Lain\nHarga beras naik di Jakarta."


def run(*args, stdin=None, cwd=None):
    """Run the installed command end to end."""
    return subprocess.run(
        [sys.executable, "-m", "framing", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_installed_command_classifies_end_to_end(tmp_path, saved_model):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = run("classify", str(article), "--json", "--model", str(saved_model), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["index"] for r in rows] == [0, 1, 2]
    assert rows[1]["boilerplate"] and "denial" in rows[0]["frames"]


def test_stdin_and_table_output(saved_model, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    assert main(["classify", "-", "--model", str(saved_model), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "(boilerplate)" in out and "denial" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["classify", "missing.txt"], 3, "no such file"),
        (["classify", "."], 3, "is a directory"),
        (["classify", "binary.txt"], 3, "not UTF-8"),
        (["classify", "ok.txt", "--model", "nomodel"], 5, "no model card"),
        (["train", "--annotations", "badann"], 4, "unknown frame name"),
        (["train", "--annotations", "badann", "--sets", "seeds,nope"], 4, "unknown annotation set"),
        (["label", "missing.jsonl", "-o", "out.jsonl"], 3, "no such file"),
        (["label", "ok.txt", "-o", "out.jsonl", "--jobs", "0"], 2, "n_jobs"),
        (["report", "missing.jsonl"], 3, "no such file"),
        (["report", "ok.txt"], 3, "not a JSON record"),
        (["evaluate", "--model", "damaged"], 5, "does not match its card"),
    ],
)
def test_user_errors_are_one_line_and_a_listed_exit_code(tmp_path, saved_model, argv, code, message):
    import shutil

    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "badann").mkdir()
    (tmp_path / "badann" / "seeds.jsonl").write_text(
        json.dumps({"id": "a", "doc_id": "d", "index": 0, "text": "x", "frames": ["war"], "source": "seed"})
        + "\n"
    )
    shutil.copytree(saved_model, tmp_path / "damaged")
    model_file = next((tmp_path / "damaged").glob("model-*.joblib"))
    model_file.write_bytes(model_file.read_bytes()[:-10])
    proc = run(*argv, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert code in EXIT_CODES
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_option_is_a_usage_error():
    proc = run("classify", "--no-such-option")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_help_lists_the_exit_codes():
    proc = run("--help")
    assert proc.returncode == 0
    for code in EXIT_CODES:
        assert f"  {code}  " in proc.stdout


def test_label_and_report_commands(tmp_path, saved_model):
    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(
            json.dumps({"doc_id": f"d{i}", "outlet": "tempo", "date": "18 Juni 2025", "text": ARTICLE}) + "\n"
            for i in range(5)
        )
    )
    proc = run("label", str(src), "-o", str(tmp_path / "l.jsonl"), "--model", str(saved_model), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert "5 documents, 10 paragraphs labeled, 5 boilerplate" in proc.stderr
    pytest.importorskip("matplotlib")
    proc = run("report", str(tmp_path / "l.jsonl"), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "r.html").read_text()
    assert "tempo" in html and "2025-06" in html and "data:image/png;base64" in html


def test_report_without_matplotlib_says_how_to_install(tmp_path, saved_model, monkeypatch, capsys):
    records = tmp_path / "l.jsonl"
    records.write_text(json.dumps({"doc_id": "a", "paragraph": 0, "frames": [], "scores": {}}) + "\n")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["report", str(records), "-o", str(tmp_path / "r.html")]) == 6
    assert 'pip install "framing[report]"' in capsys.readouterr().err


def test_environment_is_not_needed_to_find_the_shipped_model(tmp_path):
    # From any directory, the shipped model is found (package data or the checkout's models/).
    proc = run("classify", "-", stdin="Rusia dan Korut menggelar latihan militer bersama.", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert os.path.exists(tmp_path)


def test_evaluate_prints_systems_side_by_side(saved_model, capsys):
    # Without the corpus the real-news references stay unresolved and say so; agreement is always there.
    assert main(["evaluate", "--model", str(saved_model), "--no-cv", "--no-baselines"]) == 0
    out = capsys.readouterr().out
    assert "inter-annotator agreement" in out and "kappa" in out
    assert "real-validation" in out
