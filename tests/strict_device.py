"""A strict stand-in for CuPy, on the CPU: NumPy arrays that refuse what a GPU array refuses.

``SCRATCHGAN_TEST_BACKEND=strict`` (tests/conftest.py) registers this module as ``cupy`` in the
test process, so ``set_backend("cupy")`` runs the library's CuPy code paths unchanged:
``backend.is_cupy`` reads the array type's module name ("cupy._strict"), ``get_xp`` imports
``cupy``, ``asarray``/``to_numpy`` call ``cupy.asarray`` and ``.get()``, the noise comes from
``cupy.random.RandomState`` and ``kernels.adam`` builds a ``cupy.ElementwiseKernel``. The values are
NumPy's (the same generator, seeded the same way), so every number a test checks holds as on numpy.
It is not a backend choice of the library: ``set_backend`` still knows only "numpy" and "cupy".

What a device array refuses, each with a TypeError that says what to do instead:

  as CuPy does (checked against cupy/_core/core.pyx):
    np.asarray(x), np.array(x), np.testing on x, host RNG reading x (rng.permutation(x)) ... :
        implicit conversion (``__array__``), with CuPy's own message
    x + host, host * x, xp.maximum(x, host), x += host, a kernel given host: a numpy.ndarray mixed
        with device arrays (NumPy scalars and Python numbers are fine, as on CuPy)
    float(x), int(x), bool(x) of more than one element (NumPy's rule; CuPy copies one element)
  stricter than CuPy, because each is a mistake here even where CuPy lets it run:
    np.mean(x), np.exp(x), any numpy function on a device array: CuPy forwards them to cupy.mean,
        cupy.exp (NEP 18 ``__array_function__``, NEP 13 ``__array_ufunc__``), so they run only
        where CuPy has a same-named twin; DESIGN.md asks device code to call ``xp = get_xp(x)``,
        and a CPU run cannot see the difference (np.mean IS xp.mean there). With
        SCRATCHGAN_STRICT_FORWARD=1 they are forwarded as CuPy does, to tell which findings
        would fail on a GPU and which only break the rule.
    iteration (for v in x, list(x), a, b = x, sum(x)): CuPy allows it, one kernel launch per
        element and one device->host copy with a sync per element once each is read; refused here
        so that a per-element loop over device data is written on purpose, on the host.
  not checked: speed, streams, memory, CUDA C (an ElementwiseKernel body runs as Python, which
  works for bodies that are also valid Python, as kernels.ADAM_CUDA is).

Measured on the 12 planted mistakes of tests/test_strict_device.py (PLANTED): this module refuses
12, real CuPy 8 (it runs np.mean, np.exp, np.clip and the loop), plain NumPy 1 (float of a whole
array). array-api-strict 2.6.1 refuses 6 with its default CPU device (np.asarray and host RNG read
it silently) and 12 with ``Device("device1")``, but it cannot run the library: the Array API has no
``.astype``/``.sum``/``.copy``/``.reshape`` methods, no ``out=``, no dtype strings, no ``vdot``,
RandomState or ElementwiseKernel (about 50 lines of layers/losses/optim/gan/penalty/kernels use
them), so it would need a shim as large as this module, while this one plugs in where CuPy does.
"""
import operator
import os
import types

import numpy as np

FORWARD_NUMPY = os.environ.get("SCRATCHGAN_STRICT_FORWARD", "") not in ("", "0")
IMPLICIT = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a NumPy "
            "array explicitly. (strict device: in scratchgan call backend.to_numpy(x))")
MIXED = ("a numpy.ndarray (host memory) was mixed with a device array in {where}; move it with "
         "backend.asarray(a) first, or bring the device array back with backend.to_numpy(x)")
NUMPY_CALL = ("numpy.{name} was called on a device array; call xp.{name} with xp = backend.get_xp(x) "
              "(CuPy would forward this one, but device code calls xp, never numpy: DESIGN.md)")
ITERATION = ("iterating over a device array makes one device array and one device->host copy per element; "
             "use xp on the whole array, or backend.to_numpy(x) once and loop on the host")


def _dev(v, where):
    """``v`` with device arrays unwrapped to NumPy (inside lists and tuples too); host arrays refused."""
    if isinstance(v, ndarray):
        return v._a
    if isinstance(v, np.ndarray):
        raise TypeError(MIXED.format(where=where))
    if isinstance(v, (list, tuple)):
        return type(v)(_dev(u, where) for u in v)
    return v


def _wrap(r, given=()):
    """A NumPy result as a device array (a NumPy scalar becomes a 0-d array, as CuPy returns)."""
    if isinstance(r, np.ndarray):
        same = [w for w in given if w._a is r]  # out=x returns x itself
        return same[0] if same else ndarray(r)
    if isinstance(r, np.generic):
        return ndarray(np.asarray(r))
    if isinstance(r, tuple):
        return tuple(_wrap(u) for u in r)
    return r


class ndarray:
    """A device array: a NumPy array inside, reached only by ``.get()`` (a copy) or device operations."""
    __slots__ = ("_a",)
    __array_priority__ = 100
    __hash__ = None

    def __init__(self, a):
        self._a = a

    shape = property(lambda self: self._a.shape)
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    strides = property(lambda self: self._a.strides)
    flags = property(lambda self: self._a.flags)
    T = property(lambda self: ndarray(self._a.T))

    def get(self, stream=None, order="C", out=None):
        """A host (NumPy) copy, CuPy's explicit device -> host transfer."""
        return np.array(self._a, order=order, copy=True)

    def __array__(self, dtype=None, copy=None):
        raise TypeError(IMPLICIT)

    def __iter__(self):
        raise TypeError(ITERATION)

    def __len__(self):
        return len(self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __bool__(self):
        return bool(self._a)

    def __repr__(self):
        return repr(self._a)

    def __str__(self):
        return str(self._a)

    def __format__(self, spec):
        return format(self._a, spec)

    def __getitem__(self, key):
        return _wrap(self._a[_key(key)])

    def __setitem__(self, key, value):
        whole = isinstance(key, slice) and key == slice(None)
        if isinstance(value, np.ndarray) and (value.ndim == 0 or whole and value.shape == self.shape):
            value = ndarray(value)  # CuPy fills from a 0-d host array, and copies a host array into all of x[:]
        self._a[_key(key)] = _dev(value, "x[...] = value")

    def __copy__(self):
        return ndarray(self._a.copy())

    def __deepcopy__(self, memo):
        return ndarray(self._a.copy())

    def __getattr__(self, name):  # methods (sum, astype, reshape ...) and the other attributes
        if name.startswith("__") or name in ("data", "ctypes", "base"):  # no back doors to host memory
            raise AttributeError(f"device array has no attribute {name!r}")
        attr = getattr(self._a, name)
        if not callable(attr):
            return _wrap(attr)

        def method(*args, **kwargs):
            out = kwargs.get("out")
            return _wrap(attr(*_dev(args, f"x.{name}"), **{k: _dev(v, f"x.{name}") for k, v in kwargs.items()}),
                         (self, out) if isinstance(out, ndarray) else (self,))
        return method

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if any(isinstance(v, np.ndarray) for v in inputs + tuple(kwargs.get("out", ()))):
            raise TypeError(MIXED.format(where=f"numpy.{ufunc.__name__}"))
        scalar_operator = any(isinstance(v, np.generic) for v in inputs)  # np.float32(2) * x: fine on CuPy
        if method != "__call__" or not (FORWARD_NUMPY or scalar_operator):
            raise TypeError(NUMPY_CALL.format(name=ufunc.__name__))
        if "out" in kwargs:
            kwargs["out"] = kwargs["out"][0]
        return globals()["__getattr__"](ufunc.__name__)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if not FORWARD_NUMPY:
            raise TypeError(NUMPY_CALL.format(name=func.__name__))
        space = _Namespace(np)
        for part in func.__module__.split(".")[1:]:
            space = getattr(space, part, None)
        f = getattr(space, func.__name__, None)
        return NotImplemented if f is None else f(*args, **kwargs)


def _key(key):
    """An index with device arrays unwrapped (host index arrays are accepted, as CuPy copies them)."""
    if isinstance(key, tuple):
        return tuple(_key(k) for k in key)
    return key._a if isinstance(key, ndarray) else key


SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//", "mod": "%", "pow": "**",
           "matmul": "@", "and": "&", "or": "|", "xor": "^", "lt": "<", "le": "<=", "eq": "==", "ne": "!=",
           "gt": ">", "ge": ">="}


def _operators():
    for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor"):
        op, iop = getattr(operator, name + "_" * (name in ("and", "or"))), getattr(operator, "i" + name)
        s = SYMBOLS[name]
        setattr(ndarray, f"__{name}__", lambda self, o, op=op, s=s: _wrap(op(self._a, _dev(o, f"x {s} host"))))
        setattr(ndarray, f"__r{name}__", lambda self, o, op=op, s=s: _wrap(op(_dev(o, f"host {s} x"), self._a)))

        def inplace(self, o, iop=iop, s=s):
            iop(self._a, _dev(o, f"x {s}= host"))
            return self
        setattr(ndarray, f"__i{name}__", inplace)
    for name in ("lt", "le", "eq", "ne", "gt", "ge"):
        op, s = getattr(operator, name), SYMBOLS[name]
        setattr(ndarray, f"__{name}__", lambda self, o, op=op, s=s: _wrap(op(self._a, _dev(o, f"x {s} host"))))
    for name in ("neg", "pos", "abs", "invert"):
        setattr(ndarray, f"__{name}__", lambda self, op=getattr(operator, name): _wrap(op(self._a)))


_operators()
ndarray.__module__ = "cupy._strict"  # backend.is_cupy(x) asks for a type from the cupy package


def _device_function(f, name):
    def call(*args, **kwargs):
        out = kwargs.get("out")
        given = [a for a in args if isinstance(a, ndarray)] + ([out] if isinstance(out, ndarray) else [])
        return _wrap(f(*_dev(args, f"cupy.{name}"), **{k: _dev(v, f"cupy.{name}") for k, v in kwargs.items()}), given)
    call.__name__ = name
    return call


class _Namespace(types.SimpleNamespace):
    """A NumPy submodule (linalg, fft ...) seen from the device: its functions take and give device arrays."""

    def __init__(self, module):
        super().__init__(_module=module)

    def __getattr__(self, name):
        obj = getattr(self._module, name)
        if isinstance(obj, types.ModuleType):
            return _Namespace(obj)
        return obj if isinstance(obj, type) or not callable(obj) else _device_function(obj, name)


def __getattr__(name):
    """``cupy.<name>``: NumPy's function of that name on device arrays; dtypes and constants as they are."""
    if name.startswith("__"):
        raise AttributeError(name)
    obj = getattr(_Namespace(np), name)
    globals()[name] = obj  # looked up once
    return obj


def asarray(a, dtype=None, order=None):
    """``a`` on the device: a host array or list is copied there (host -> device), a device array kept."""
    if isinstance(a, ndarray):
        return a if dtype is None or a.dtype == np.dtype(dtype) else a.astype(dtype)
    return array(a, dtype=dtype, order=order)


def array(a, dtype=None, copy=True, order=None, ndmin=0):
    """A new device array from a host array, a list (of numbers or device arrays) or a device array."""
    host = a._a if isinstance(a, ndarray) else a if isinstance(a, np.ndarray) else _dev(a, "cupy.array")
    return ndarray(np.array(host, dtype=dtype, copy=True, order=order or "K", ndmin=ndmin))


def asnumpy(a, stream=None, order="C", out=None):
    """A host copy of a device array (a host array as it is), as ``cupy.asnumpy``."""
    return a.get(order=order) if isinstance(a, ndarray) else np.asarray(a, order=order)


def get_array_module(*args):
    """This module when any argument is a device array, else numpy (``cupy.get_array_module``)."""
    import sys
    return sys.modules[__name__] if any(isinstance(a, ndarray) for a in args) else np


class RandomState:
    """``cupy.random.RandomState`` drawn from NumPy's default Generator: the numpy backend's noise, on the device."""

    def __init__(self, seed=None):
        self._g = np.random.default_rng(seed)

    def standard_normal(self, size=None, dtype=float):
        return ndarray(np.asarray(self._g.standard_normal(size, dtype=np.dtype(dtype))))

    def random_sample(self, size=None, dtype=float):
        return ndarray(np.asarray(self._g.random(size, dtype=np.dtype(dtype))))

    def normal(self, loc=0.0, scale=1.0, size=None, dtype=float):
        return ndarray(np.asarray(self._g.normal(loc, scale, size)).astype(dtype))

    def uniform(self, low=0.0, high=1.0, size=None, dtype=float):
        return ndarray(np.asarray(self._g.uniform(low, high, size)).astype(dtype))


random = types.SimpleNamespace(RandomState=RandomState)


class _Device:
    def __init__(self, device=0):
        self.id = device

    def synchronize(self):
        """Nothing is queued on the CPU: the work is done when a call returns."""


cuda = types.SimpleNamespace(Device=_Device, runtime=types.SimpleNamespace(getDeviceCount=lambda: 1))


class ElementwiseKernel:
    """``cupy.ElementwiseKernel`` whose body runs as Python on NumPy: for bodies that are also valid Python.

    Arguments are checked as CuPy does: device arrays or scalars (a host array is refused);
    a scalar parameter of type T is cast to the dtype of T's arrays; outputs are written in place.
    """

    def __init__(self, in_params, out_params, operation, name="kernel", **kwargs):
        parse = lambda s: [tuple(p.split()) for p in s.split(",") if p.strip()]  # noqa: E731
        self.ins, self.outs, self.body, self.name = parse(in_params), parse(out_params), operation, name

    def __call__(self, *args):
        params = self.ins + self.outs
        if len(args) != len(params):
            raise TypeError(f"{self.name}: {len(params)} arguments expected, {len(args)} given")
        types_ = {t: a.dtype for (t, _), a in zip(params, args) if isinstance(a, ndarray)}
        env = {"sqrt": np.sqrt, "exp": np.exp, "log": np.log, "log1p": np.log1p, "tanh": np.tanh, "abs": np.abs}
        for (t, n), a in zip(params, args):
            value = _dev(a, f"ElementwiseKernel {self.name}")
            env[n] = value if isinstance(a, ndarray) else np.dtype(types_.get(t, t)).type(value)
        for line in self.body.split(";"):
            if line.strip():
                exec(line.strip(), {}, env)
        for (_, n), a in zip(self.outs, args[len(self.ins):]):
            if env[n] is not a._a:
                a._a[...] = env[n]
        return args[len(self.ins)] if len(self.outs) == 1 else tuple(args[len(self.ins):])
