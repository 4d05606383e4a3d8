"""A user's own files (data/files.py): rows sampled, headers named, held-out rows, and every mistake as one line."""
import numpy as np
import pytest

from scratchgan import data


def rng():
    return np.random.default_rng(0)


@pytest.mark.parametrize("ext", [".npy", ".csv"])
def test_user_file_is_sampled_by_rows(tmp_path, ext):
    table = np.random.default_rng(1).normal(size=(50, 3))
    path = tmp_path / f"points{ext}"
    np.save(path, table) if ext == ".npy" else np.savetxt(path, table, delimiter=",", header="a,b,c", comments="")
    ds = data.get_dataset(str(path), min_rows=10)
    assert (ds.dim, ds.kind, ds.modes) == (3, "table", None)
    x = ds.sample(200, rng())
    rows = {tuple(np.round(r, 5)) for r in table.astype(np.float32)}
    assert all(tuple(np.round(r, 5)) in rows for r in x)


def test_user_2d_file_can_carry_its_modes(tmp_path):
    path = tmp_path / "blobs.npy"
    np.save(path, np.random.default_rng(2).normal(size=(100, 2)))
    ds = data.get_dataset(str(path), modes=[[0, 0]], mode_std=1.0)
    assert ds.kind == "2d" and ds.density(np.zeros((1, 2)))[0] == pytest.approx(1 / (2 * np.pi))


def write_bad(tmp_path, case):
    if case == "nan":
        path, x = tmp_path / "nan.npy", np.ones((20, 2))
        x[3, 1] = np.nan
        np.save(path, x)
    elif case == "inf":
        path = tmp_path / "inf.csv"
        path.write_text("1,2\n3,inf\n" * 10)
    elif case == "not2d":
        path = tmp_path / "flat.npy"
        np.save(path, np.ones(30))
    elif case == "few":
        path = tmp_path / "few.npy"
        np.save(path, np.ones((5, 2)))
    elif case == "text":
        path = tmp_path / "words.csv"
        path.write_text("x,y\n1,2\napple,pear\n")
    elif case == "garbage":
        path = tmp_path / "broken.npy"
        path.write_bytes(b"this is not numpy")
    elif case == "missing":
        path = tmp_path / "nowhere.csv"
    else:
        path = tmp_path / "table.txt"
        path.write_text("1,2\n")
    return str(path)


@pytest.mark.parametrize("case, message", [
    ("nan", "NaN or inf .*row 3, column 1"), ("inf", "NaN or inf"), ("not2d", "2-D table"),
    ("few", "5 rows, fewer than a batch of 10"), ("text", "not a numeric CSV"),
    ("garbage", "could not read"), ("missing", "no such file"), ("suffix", "give a .npy, .npz or .csv")])
def test_bad_files_give_one_clear_error(tmp_path, case, message):
    with pytest.raises(data.DataError, match=message) as err:
        data.get_dataset(write_bad(tmp_path, case), min_rows=10)
    assert "\n" not in str(err.value)


def test_csv_header_is_detected_and_names_the_columns(tmp_path):
    table = np.random.default_rng(3).normal(size=(40, 2))
    path = tmp_path / "heights.csv"
    path.write_text("\ufeffheight_cm;weight_kg\n" + "".join(f"{a};{b}\n" for a, b in table))  # BOM and ';', as Excel writes
    ds = data.get_dataset(str(path), min_rows=10)
    assert ds.columns == ["height_cm", "weight_kg"] and ds.dim == 2
    np.testing.assert_allclose(ds.table, table)
    path.write_text("".join(f"{a},{b}\n" for a, b in table))
    assert data.get_dataset(str(path)).columns is None and len(data.get_dataset(str(path)).table) == 40


@pytest.mark.parametrize("text, where", [
    ("a,b\n1,2\n3,x7\n", r"row 1, column 1 \('b'\) \(line 3 of the file\) holds 'x7'"),
    ("1,2\n3,4\n5,\n", r"row 2, column 1 \(line 3 of the file\) holds ''"),
    ("a,b\n1,2\n3,4,5\n", r"row 1 \(line 3 of the file\) has 3 cells, expected 2"),
])
def test_a_text_cell_is_named_by_row_and_column(tmp_path, text, where):
    path = tmp_path / "t.csv"
    path.write_text(text)
    with pytest.raises(data.DataError, match=where) as err:
        data.get_dataset(str(path))
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("dtype", ["int8", "uint16", "int64", "float16", ">f8", "bool"])
def test_npy_of_any_numeric_dtype(tmp_path, dtype):
    x = (np.arange(60).reshape(30, 2) % 7).astype(dtype)
    np.save(tmp_path / "x.npy", x)
    ds = data.get_dataset(str(tmp_path / "x.npy"))
    np.testing.assert_array_equal(ds.table, x.astype(np.float64))
    assert ds.sample(5, rng()).dtype == np.float32


def test_npz_with_one_array_and_records_with_names(tmp_path):
    x = np.random.default_rng(4).normal(size=(30, 3))
    np.savez(tmp_path / "one.npz", points=x)
    np.testing.assert_allclose(data.get_dataset(str(tmp_path / "one.npz")).table, x)
    np.savez(tmp_path / "two.npz", a=x, b=x)
    with pytest.raises(data.DataError, match=r"holds 2 arrays \(a, b\); an .npz to train on must hold exactly one"):
        data.get_dataset(str(tmp_path / "two.npz"))
    rec = np.zeros(30, dtype=[("age", "i4"), ("name", "U8"), ("income", "f8")])
    rec["age"], rec["income"] = np.arange(30), np.arange(30) * 2.5
    np.save(tmp_path / "rec.npy", rec)
    ds = data.get_dataset(str(tmp_path / "rec.npy"))
    assert ds.columns == ["age", "income"] and ds.dim == 2 and ds.table[3].tolist() == [3.0, 7.5]


def test_a_large_file_keeps_held_out_rows_that_training_never_draws(tmp_path):
    x = np.arange(20000, dtype=np.float64).reshape(10000, 2)
    np.save(tmp_path / "big.npy", x)
    ds = data.get_dataset(str(tmp_path / "big.npy"))
    assert ds.held_out.shape == (2500, 2) and len(ds.table) == 7500
    drawn = set(ds.sample(20000, rng())[:, 0].tolist())
    assert not drawn & set(ds.held_out[:, 0].tolist())
    np.save(tmp_path / "small.npy", x[:9999])
    assert data.get_dataset(str(tmp_path / "small.npy")).held_out is None
