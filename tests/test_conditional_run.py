"""The conditional main job (issue 24 item 3): --conditional runs write labels.npy and report the
agreement with the requested label (agreement.py); bad label flags end in one line, exit 2."""
import json
import os

import numpy as np
import pytest

from scratchgan import agreement, cli, data, metrics, presets, train

HAVE_MNIST = bool(os.environ.get("SCRATCHGAN_DATA")) and os.path.isfile(
    os.path.join(os.environ.get("SCRATCHGAN_DATA", ""), "t10k-labels-idx1-ubyte.gz"))


def run(capsys, *argv):
    code = cli.main(["train", *argv, "--quiet"])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


@pytest.mark.parametrize("conditioning", ["concat", "projection"])
def test_a_tiny_conditional_ring_run_writes_labels_and_agreement(tmp_path, capsys, conditioning):
    out = tmp_path / "run"
    line = run(capsys, "--data", "ring", "--conditional", conditioning, "--steps", "30", "--batch-size", "64",
               "--hidden", "16", "--out", str(out))
    labels, samples = np.load(out / "labels.npy"), np.load(out / "samples.npy")
    assert labels.shape == (2500,) and labels.dtype == np.int64 and set(labels.tolist()) == set(range(8))
    assert samples.shape == (2500, 2)
    m = json.loads((out / "metrics.json").read_text())
    assert m["config"]["conditional"] == conditioning and m["config"]["pack"] == 1  # the conditional preset
    mode, _ = metrics.assign_modes(samples, data.get_dataset("ring").modes, 0.01)
    assert m["metrics"]["agreement"] == pytest.approx(np.mean(mode == labels))  # recomputed from the two files
    per = m["metrics"]["agreement_by_class"]
    assert len(per) == 8 and m["metrics"]["agreement_worst"] == pytest.approx(min(per))
    assert len(m["metrics"]["precision_by_class"]) == len(m["metrics"]["recall_by_class"]) == 8
    assert "agreement " in line and "agreement_worst " in line and "within_3std " in line
    used = "averaged" if m["config"]["use_average"] else "raw"  # both Gs' agreement, side by side
    for name in ("raw", "averaged"):
        assert {"agreement", "agreement_worst", "within_3std", "within_3std_worst"} <= set(m["metrics"][name])
    assert m["metrics"][used]["agreement"] == m["metrics"]["agreement"]
    assert line.count("agreement_worst ") == 3  # the used G's line, then the raw and the averaged G's
    assert (out / "samples.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(not HAVE_MNIST, reason="the MNIST test files are not at $SCRATCHGAN_DATA")
def test_a_tiny_conditional_mnist_run_is_judged_by_the_classifier(tmp_path, capsys):
    out = tmp_path / "run"
    line = run(capsys, "--data", "mnist:test", "--conditional", "--steps", "4", "--hidden", "16", "--out", str(out))
    m = json.loads((out / "metrics.json").read_text())["metrics"]
    labels = np.load(out / "labels.npy")
    assert labels.shape == (2500,) and set(labels.tolist()) == set(range(10))
    assert 0 <= m["agreement_worst"] <= m["agreement"] <= 1 and 0 <= m["agreement_worst_class"] <= 9
    assert m["judge_accuracy"] > 0.85 and len(m["agreement_by_class"]) == 10  # the classifier itself is good
    assert "agreement" in line and (out / "samples.png").exists()


def test_the_class_grid_has_one_row_per_class_with_the_same_z_down_each_column():
    config = presets.preset("ring", conditional="concat", steps=2, batch_size=32, hidden=8)
    result = train.train(config, progress=False, figures=False)
    grid = result.class_grid(columns=5)
    assert grid.shape == (8 * 5, 2)
    z = np.tile(train.backend.to_numpy(result.z_eval[:5]), (8, 1))
    assert np.allclose(grid, result.generate(train.backend.asarray(z), np.repeat(np.arange(8), 5)))


def test_a_labelled_csv_trains_conditionally_with_a_nearest_neighbour_judge(tmp_path, capsys):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 600)
    x = np.stack([y * 5.0, -y * 5.0], 1) + rng.normal(size=(600, 2))
    path = tmp_path / "blobs.csv"
    path.write_text("u,cls,v\n" + "".join(f"{a},{c},{b}\n" for (a, b), c in zip(x, y)))
    out = tmp_path / "run"
    run(capsys, "--data", str(path), "--label-column", "cls", "--conditional", "--steps", "20", "--batch-size", "64",
        "--hidden", "16", "--out", str(out))
    m = json.loads((out / "metrics.json").read_text())
    assert m["config"]["label_column"] == "cls" and len(m["metrics"]["agreement_by_class"]) == 3
    assert np.load(out / "labels.npy").max() == 2


@pytest.mark.parametrize("argv, expect", [
    (["--data", "ring", "--label-column", "digit"], "--label-column is for a file's labels"),
    (["--data", "mnist", "--labels", "y.npy"], "--labels is for a file's labels"),
    (["--data", "swiss_roll", "--conditional"], "--conditional needs data with at least 2 classes"),
    (["--data", "gaussian", "--conditional"], "has 1"),
    (["--data", "ring", "--conditional", "--pack", "2"], "pack 1"),
    (["--data", "ring", "--conditional", "sideways"], "invalid choice"),
])
def test_bad_label_flags_end_in_one_line(argv, expect, cli_error):
    assert expect in cli_error(["train", *argv, "--steps", "1"])


@pytest.mark.parametrize("case, expect", [
    ("misaligned", "29 labels for 30 rows"),
    ("fraction", "whole numbers"),
    ("unlabelled", "--conditional needs data with at least 2 classes"),
    ("missing_column", "no column named 'c'"),
])
def test_bad_labels_of_a_file_end_in_one_line(tmp_path, cli_error, case, expect):
    np.save(tmp_path / "x.npy", np.zeros((30, 2)))
    np.save(tmp_path / "y.npy", np.zeros(29) if case == "misaligned" else np.full(30, 0.5))
    (tmp_path / "t.csv").write_text("a,b\n" + "1,2\n" * 30)
    argv = {"misaligned": ["--data", str(tmp_path / "x.npy"), "--labels", str(tmp_path / "y.npy")],
            "fraction": ["--data", str(tmp_path / "x.npy"), "--labels", str(tmp_path / "y.npy")],
            "unlabelled": ["--data", str(tmp_path / "x.npy"), "--conditional"],
            "missing_column": ["--data", str(tmp_path / "t.csv"), "--label-column", "c"]}[case]
    assert expect in cli_error(["train", *argv, "--batch-size", "8", "--steps", "1"])


def test_agreement_of_real_samples_is_one_and_of_shuffled_labels_is_chance():
    ds = data.get_dataset("ring")
    x, y = ds.sample_labelled(4000, np.random.default_rng(1))
    assert agreement.evaluate(ds, x, y)["within_3std"] > 0.98
    shuffled = agreement.evaluate(ds, x, np.random.default_rng(2).permutation(y), full=False)
    assert abs(shuffled["agreement"] - 1 / 8) < 0.03 and shuffled["agreement_worst"] <= shuffled["agreement"]


def test_the_worst_class_is_named_and_a_never_asked_class_is_nan():
    s = agreement.summarise("a", np.array([1, 1, 0, 1, 0, 0]), np.array([0, 0, 1, 1, 2, 2]), 4)
    assert s["a"] == pytest.approx(0.5) and s["a_worst"] == 0 and s["a_worst_class"] == 2
    assert np.isnan(s["a_by_class"][3]) and s["a_by_class"][:3] == [1.0, 0.5, 0.0]


def test_the_knn_judge_names_the_blob_a_point_sits_in():
    real = np.array([[0.0, 0], [0.1, 0], [0, 0.1], [5, 5], [5.1, 5], [5, 5.1]])
    labels = np.array([0, 0, 0, 1, 1, 1])
    assert agreement.knn_predict(real, labels, np.array([[0.05, 0.05], [4.9, 5.0]]), k=3).tolist() == [0, 1]


def test_a_conditional_run_resumes_with_its_labels(tmp_path, capsys):
    out = tmp_path / "run"
    run(capsys, "--data", "mixture", "--conditional", "--steps", "10", "--batch-size", "32", "--hidden", "8",
        "--out", str(out))
    first = np.load(out / "labels.npy")
    run(capsys, "--resume", str(out / "checkpoint.npz"), "--steps", "5")
    m = json.loads((out / "metrics.json").read_text())
    assert m["steps_done"] == 15 and m["config"]["conditional"] == "concat"
    assert np.array_equal(np.load(out / "labels.npy"), first)  # the same requested labels: comparable numbers
    assert "agreement" in m["metrics"]
