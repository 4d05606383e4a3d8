"""MNIST (data/mnist.py): IDX parsing, checksums, downloads (faked), the held-out split."""
import gzip
import hashlib
import struct
import urllib.error

import numpy as np
import pytest

from scratchgan.data import mnist
from scratchgan.data.mnist import DataFileError


def idx_bytes(a, type_code=0x08):
    """Hand-made IDX: two zero bytes, the type, the number of dims, big-endian sizes, the data."""
    a = np.asarray(a, np.uint8)
    return bytes([0, 0, type_code, a.ndim]) + struct.pack(f">{a.ndim}I", *a.shape) + a.tobytes()


def tiny_mnist(n=5, seed=0):
    """n fake 28x28 images with labels, as IDX bytes, plus the arrays."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    x[0, 0, 0], x[0, 0, 1] = 0, 255
    y = rng.integers(0, 10, n, dtype=np.uint8)
    return idx_bytes(x), idx_bytes(y), x, y


@pytest.fixture
def fake_digests(monkeypatch):
    """Make the tiny test files the 'published' ones: returns their bytes and arrays."""
    xb, yb, x, y = tiny_mnist()
    digests = dict(mnist.SHA256)
    digests["t10k-images-idx3-ubyte"] = hashlib.sha256(xb).hexdigest()
    digests["t10k-labels-idx1-ubyte"] = hashlib.sha256(yb).hexdigest()
    monkeypatch.setattr(mnist, "SHA256", digests)
    return xb, yb, x, y


# -- IDX parsing ---------------------------------------------------------------
def test_read_idx_parses_raw_and_gzip():
    a = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    for data in (idx_bytes(a), gzip.compress(idx_bytes(a))):
        out = mnist.read_idx(data, "tiny", ndim=3)
        assert out.shape == (2, 3, 4) and out.dtype == np.uint8
        np.testing.assert_array_equal(out, a)


@pytest.mark.parametrize("mangle, why", [
    (lambda d: b"\x01" + d[1:], "magic"),                     # first byte must be zero
    (lambda d: d[:2] + b"\x0d" + d[3:], "element type"),      # float type, not unsigned byte
    (lambda d: d[:-5], "bytes"),                              # truncated data
    (lambda d: d[:6], "header"),                              # truncated header
    (lambda d: d + b"\x00", "bytes"),                         # trailing garbage
    (lambda d: gzip.compress(d)[:-10], "gzip"),               # truncated gzip stream
])
def test_read_idx_refuses_bad_files_with_one_clear_line(mangle, why):
    data = idx_bytes(np.zeros((2, 3, 4)))
    with pytest.raises(DataFileError) as err:
        mnist.read_idx(mangle(data), "/data/t10k-images-idx3-ubyte", ndim=3)
    msg = str(err.value)
    assert "/data/t10k-images-idx3-ubyte" in msg and "delete it" in msg and why in msg and "\n" not in msg


def test_read_idx_checks_the_number_of_dimensions():
    with pytest.raises(DataFileError, match="1 dimensions in the header, expected 3"):
        mnist.read_idx(idx_bytes(np.zeros(7)), "labels-as-images", ndim=3)


# -- load(): local files, checksums, downloads ----------------------------------
def test_mnist_loads_local_files_and_scales_to_minus_one_one(tmp_path, fake_digests):
    xb, yb, x, y = fake_digests
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(xb))
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(yb)  # raw works too

    def no_network(url):
        raise AssertionError("must not download when the files are present")

    got_x, got_y = mnist.load("test", root=tmp_path, opener=no_network)
    assert got_x.shape == (5, 784) and got_x.dtype == np.float32 and got_y.dtype == np.int64
    np.testing.assert_allclose(got_x, x.reshape(5, 784) / 127.5 - 1, atol=1e-6)
    assert got_x[0, 0] == -1.0 and got_x[0, 1] == 1.0
    np.testing.assert_array_equal(got_y, y)


def test_images_of_the_wrong_size_are_refused(tmp_path, monkeypatch):
    xb, yb = idx_bytes(np.zeros((5, 27, 27))), idx_bytes(np.zeros(5))
    monkeypatch.setattr(mnist, "SHA256", {**mnist.SHA256, "t10k-images-idx3-ubyte": hashlib.sha256(xb).hexdigest(),
                                           "t10k-labels-idx1-ubyte": hashlib.sha256(yb).hexdigest()})
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(xb)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(yb)
    with pytest.raises(DataFileError, match=r"images \(5, 27, 27\).*expected \(N, 28, 28\)"):
        mnist.load("test", root=tmp_path)


def test_a_local_file_with_the_wrong_checksum_is_refused(tmp_path, fake_digests):
    xb, yb, x, y = fake_digests
    other, _, _, _ = tiny_mnist(seed=1)  # a valid IDX file, but not the published one
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(other)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(yb)
    with pytest.raises(DataFileError, match=r"t10k-images-idx3-ubyte fails its checksum.*delete it"):
        mnist.load("test", root=tmp_path, opener=lambda url: xb)


def test_a_truncated_local_file_is_named_and_the_user_told_to_delete_it(tmp_path, fake_digests):
    xb, yb, x, y = fake_digests
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(xb[:-100]))
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(yb)
    with pytest.raises(DataFileError, match=r"t10k-images-idx3-ubyte.gz is corrupt or truncated .*delete it"):
        mnist.load("test", root=tmp_path)


def test_download_refuses_a_bad_mirror_and_caches_the_good_copy(tmp_path, fake_digests):
    xb, yb, x, y = fake_digests
    bad, _, _, _ = tiny_mnist(seed=2)
    served = []

    def opener(url):  # the first mirror serves a wrong image file; the second the right one
        served.append(url)
        if url.endswith("images-idx3-ubyte.gz"):
            return gzip.compress(bad if url.startswith(mnist.MIRRORS[0]) else xb)
        return gzip.compress(yb)

    got_x, got_y = mnist.load("test", root=tmp_path, opener=opener)
    np.testing.assert_array_equal(got_y, y)
    np.testing.assert_allclose(got_x, x.reshape(5, 784) / 127.5 - 1, atol=1e-6)
    assert served[:2] == [m + "t10k-images-idx3-ubyte.gz" for m in mnist.MIRRORS]
    cached = gzip.decompress((tmp_path / "t10k-images-idx3-ubyte.gz").read_bytes())
    assert cached == xb and sorted(p.name for p in tmp_path.iterdir()) == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    # a second call reads the cache and never touches the network
    mnist.load("test", root=tmp_path, opener=lambda url: pytest.fail("downloaded again"))


def test_only_bad_copies_are_never_written(tmp_path, fake_digests):
    bad, _, _, _ = tiny_mnist(seed=3)
    with pytest.raises(DataFileError, match="fails its checksum") as err:
        mnist.load("test", root=tmp_path / "cache", opener=lambda url: gzip.compress(bad))
    assert "\n" not in str(err.value)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_no_files_and_no_network_says_where_to_put_the_four_files(tmp_path):
    def offline(url):
        raise urllib.error.URLError("Temporary failure in name resolution")

    with pytest.raises(DataFileError) as err:
        mnist.load("train", root=tmp_path, opener=offline)
    msg = str(err.value)
    assert str(tmp_path) in msg and "\n" not in msg and "name resolution" in msg
    for name in mnist.ALL_FILES:
        assert name in msg


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="choose 'train' or 'test'"):
        mnist.load("validation")


# -- the MNIST test set in $SCRATCHGAN_DATA (conftest points it at the shared copy when present) ----------
def _data_has_test_split():
    root = mnist.default_root()
    return all((root / n).exists() or (root / f"{n}.gz").exists() for n in mnist.FILES["test"])


@pytest.mark.skipif(not _data_has_test_split(), reason="no MNIST test set in $SCRATCHGAN_DATA or the cache")
def test_mnist_test_set_in_the_data_folder_loads_verified():
    x, labels = mnist.load("test")  # the checksums are checked on this copy too
    assert x.shape == (10000, 784) and x.dtype == np.float32 and labels.shape == (10000,)
    assert x.min() == -1.0 and x.max() == 1.0
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert 0.1 < (x > 0).mean() < 0.2  # MNIST: mostly background, about 13% ink


def test_the_library_looks_in_one_folder_only(tmp_path, monkeypatch):
    """No development-machine paths: with $SCRATCHGAN_DATA empty and no network, nothing else is found."""
    monkeypatch.setenv("SCRATCHGAN_DATA", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert mnist.default_root() == tmp_path

    def offline(url):
        raise OSError("no network")
    with pytest.raises(mnist.DataFileError, match=str(tmp_path)):
        mnist.load("test", opener=offline)


def test_holdout_split_keeps_a_fixed_disjoint_set_aside():
    x = np.arange(50, dtype=np.float32)[:, None] * np.ones((1, 3), np.float32)
    labels = np.arange(50) % 10
    xt, yt, xh, yh = mnist.holdout_split(x, labels, n_holdout=10, seed=0)
    assert xt.shape == (40, 3) and xh.shape == (10, 3) and len(yt) == 40 and len(yh) == 10
    assert set(xt[:, 0]).isdisjoint(xh[:, 0]) and set(xt[:, 0]) | set(xh[:, 0]) == set(range(50))
    np.testing.assert_array_equal(yh, xh[:, 0].astype(int) % 10)  # rows keep their labels
    np.testing.assert_array_equal(xh, mnist.holdout_split(x, labels, n_holdout=10, seed=0)[2])
    with pytest.raises(ValueError, match="cannot hold out 50 of 50"):
        mnist.holdout_split(x, labels, n_holdout=50)
