"""Tests of the unrolled_rnn kata: character windows and a 3-step RNN with
shared weights, unrolled by hand.

Each test names, in its docstring, the mistake it is there to catch.
"""
import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from mxnet import autograd, gluon

from tests import strategies as S

LAYERS = ("embedding", "input_to_hidden", "hidden_to_hidden", "output")
OTHER = mx.cpu(1)  # a second context on any machine: arrays made on the default one show here


def make_model(module, ctx, vocab_size=11, num_embed=4, num_hidden=6, seed=0):
    """A model with every parameter random, biases too (Dense biases start at 0,
    which would hide a W_hh applied to a zero state at step 1)."""
    model = module.UnrolledRNN(vocab_size, num_embed, num_hidden)
    model.initialize(mx.init.Uniform(0.5), ctx=ctx)
    model(mx.nd.zeros((1, 3), ctx=ctx))  # finishes any deferred shape inference
    rng = np.random.RandomState(seed)
    for p in model.collect_params().values():
        p.set_data(mx.nd.array(rng.uniform(-0.5, 0.5, size=p.shape), ctx=ctx))
    return model


def int_array(value, what):
    """A plain numpy array of integers."""
    array = S.numpy_array(value, what)
    assert np.issubdtype(array.dtype, np.integer), f"{what} must hold integers, got {array.dtype}"
    return array


def copy_parameters(src, dst):
    """Give ``dst`` the parameters of ``src``, layer by layer (attributes in LAYERS)."""
    for layer in LAYERS:
        for owner in (src, dst):
            assert hasattr(owner, layer), (
                f"UnrolledRNN must keep its layers in the attributes {LAYERS}; {layer!r} is missing")
        ours = {n.rsplit("_", 1)[-1]: p for n, p in getattr(dst, layer).collect_params().items()}
        for name, param in getattr(src, layer).collect_params().items():
            suffix = name.rsplit("_", 1)[-1]
            assert suffix in ours, f"{layer} has no {suffix} parameter"
            ours[suffix].set_data(param.data())


def param_arrays(model):
    return {name: p.data().asnumpy() for name, p in model.collect_params().items()}


# ------------------------------------------------------------ text preparation

@given(text=st.text(alphabet="abcdeXYZ _.\n!", min_size=1, max_size=60))
def test_char_vocab_is_sorted_unique_with_inverse_maps(kata, text):
    """Catches unsorted or repeated characters and maps that are not each other's inverse."""
    vocab = kata.char_vocab(text)
    assert isinstance(vocab, tuple) and len(vocab) == 3, (
        f"char_vocab must return a tuple (chars, char_to_index, index_to_char), got {type(vocab).__name__}")
    chars, char_to_index, index_to_char = vocab
    assert isinstance(char_to_index, dict) and isinstance(index_to_char, dict), (
        f"char_to_index and index_to_char must be dicts, got {type(char_to_index).__name__} and "
        f"{type(index_to_char).__name__}")
    assert list(chars) == sorted(set(text)), f"expected the sorted unique characters {sorted(set(text))}, got {list(chars)}"
    assert set(char_to_index.keys()) == set(text), (
        f"char_to_index must have one key per character of the text, got {sorted(char_to_index)}")
    assert sorted(index_to_char) == list(range(len(chars))), (
        f"index_to_char must have the keys 0..{len(chars) - 1}, got {sorted(index_to_char)}")
    for i, c in enumerate(chars):
        assert char_to_index[c] == i, f"char_to_index[{c!r}] should be {i} (its place in chars), got {char_to_index[c]}"
        assert index_to_char[i] == c, f"index_to_char[{i}] should be {c!r}, got {index_to_char[i]!r}"


@given(text=st.text(alphabet="abcdeXYZ _.\n!", min_size=1, max_size=60))
def test_encode_round_trips(kata, text):
    """Catches indices that do not decode back to the text."""
    vocab = kata.char_vocab(text)
    idx = int_array(kata.encode(text, vocab), "encode(text, vocab)")
    assert idx.shape == (len(text),), f"expected one index per character, shape {(len(text),)}, got {idx.shape}"
    decoded = "".join(vocab[2][int(i)] for i in idx)
    assert decoded == text, f"encode({text!r}) decodes back to {decoded!r}"


def test_encode_holds_a_large_vocabulary(kata):
    """Catches indices squeezed into uint8 (or int8): a vocabulary of 300 characters wraps round."""
    text = "".join(chr(0x100 + k) for k in range(300))[::-1]
    vocab = kata.char_vocab(text)
    idx = int_array(kata.encode(text, vocab), "encode of a 300-character text")
    np.testing.assert_array_equal(idx, np.arange(300)[::-1], err_msg=(
        "300 characters in reverse order must encode to 299, 298, ..., 0: use an integer dtype that holds every index"))


def test_encode_rejects_unknown_characters(kata):
    """Catches a character outside the vocabulary silently mapped to some index."""
    vocab = kata.char_vocab("abc")
    message = S.raises_value_error(lambda: kata.encode("abd", vocab), "encode('abd') with the vocabulary of 'abc'")
    assert "d" in message, f"the message should name the unknown character 'd', got: {message}"


def test_three_char_windows_on_the_tutorial_example(kata):
    """Catches a target that is not the character right after its three inputs."""
    text = "I_love_mxnet"
    vocab = kata.char_vocab(text)
    inputs, targets = kata.three_char_windows(kata.encode(text, vocab))
    inputs, targets = int_array(inputs, "inputs"), int_array(targets, "targets")
    got = ["".join(vocab[2][int(i)] for i in row) + "->" + vocab[2][int(t)] for row, t in zip(inputs, targets)]
    assert got == ["I_l->o", "ove->_", "_mx->n"], (
        f"with the default stride 3, 'I_love_mxnet' gives I_l->o, ove->_, _mx->n; got {got}")


@given(length=st.integers(0, 40), stride=st.integers(1, 5), kind=S.integer_types, listed=st.booleans())
def test_three_char_windows_every_stride(kata, length, stride, kind, listed):
    """Catches an off-by-one window count (a last window without a target), a wrong
    stride, a numpy-integer stride or a list of indices refused."""
    idx = np.arange(100, 100 + length)
    result = kata.three_char_windows(idx.tolist() if listed else idx, stride=kind(stride))
    assert isinstance(result, tuple) and len(result) == 2, f"three_char_windows must return (inputs, targets), got {result!r}"
    if listed and length == 0:  # an empty list has no integer type to keep: any dtype will do
        inputs, targets = S.numpy_array(result[0], "inputs"), S.numpy_array(result[1], "targets")
    else:
        inputs, targets = int_array(result[0], "inputs"), int_array(result[1], "targets")
    starts = list(range(0, max(length - 3, 0), stride))
    assert inputs.shape == (len(starts), 3), (
        f"{length} characters with stride {stride} give {len(starts)} windows (starts {starts}), "
        f"inputs of shape {(len(starts), 3)}; got {inputs.shape}")
    assert targets.shape == (len(starts),), f"expected targets of shape {(len(starts),)}, got {targets.shape}"
    for k, s in enumerate(starts):
        np.testing.assert_array_equal(inputs[k], idx[s:s + 3], err_msg=f"window {k} must read idx[{s}:{s + 3}]")
        assert targets[k] == idx[s + 3], f"window {k}'s target must be idx[{s + 3}] = {idx[s + 3]}, got {targets[k]}"


@pytest.mark.parametrize("idx, stride, why", [
    (np.arange(10), 0, "stride 0"), (np.arange(10), -3, "a negative stride"),
    (np.arange(12).reshape(3, 4), 3, "a 2-d idx")])
def test_three_char_windows_rejects_bad_arguments(kata, idx, stride, why):
    """Catches a stride of 0 looping forever (or dividing by zero) and a 2-d text silently windowed."""
    S.raises_value_error(lambda: kata.three_char_windows(idx, stride=stride), f"three_char_windows with {why}")


# ------------------------------------------------------------ the model

@settings(max_examples=10)
@given(batch=S.batch_sizes, vocab_size=st.integers(2, 30), num_embed=st.integers(1, 8),
       num_hidden=st.integers(1, 8))
def test_forward_shape(kata, ctx, batch, vocab_size, num_embed, num_hidden):
    """Catches logits per step instead of one prediction per window, and the wrong width."""
    model = make_model(kata, ctx, vocab_size, num_embed, num_hidden)
    x = mx.nd.array(np.random.randint(0, vocab_size, (batch, 3)), ctx=ctx)
    out = S.nd_array(model(x), "the logits", np.float32, ctx)
    assert out.shape == (batch, vocab_size), f"(B, 3) = {x.shape} must give (B, vocab) = {(batch, vocab_size)}, got {out.shape}"


def test_weights_are_shared_not_copied(kata, ctx):
    """Catches a separate Dense layer per step (three copies of W_ih, two of W_hh)."""
    V, E, H = 11, 4, 6
    model = make_model(kata, ctx, V, E, H)
    shapes = sorted(tuple(p.shape) for p in model.collect_params().values())
    expected = sorted([(V, E), (H, E), (H,), (H, H), (H,), (V, H), (V,)])
    assert shapes == expected, (
        f"an UnrolledRNN({V}, {E}, {H}) has 7 parameter arrays: embedding {(V, E)}, "
        f"input_to_hidden {(H, E)} + {(H,)}, hidden_to_hidden {(H, H)} + {(H,)}, output {(V, H)} + {(V,)}; "
        f"got {len(shapes)}: {shapes}. Reuse one layer at every step instead of making one per step")
    total = sum(int(np.prod(s)) for s in shapes)
    want = V * E + H * E + H + H * H + H + V * H + V
    assert total == want, f"an UnrolledRNN({V}, {E}, {H}) has {want} parameters in all, got {total}"


def test_gradient_reaches_all_three_characters(kata, ctx):
    """Catches a character that never reaches the output (its embedding row gets no gradient)."""
    model = make_model(kata, ctx)
    x = mx.nd.array([[2, 5, 7]], ctx=ctx)
    with autograd.record():
        loss = gluon.loss.SoftmaxCrossEntropyLoss()(model(x), mx.nd.array([3], ctx=ctx))
    loss.backward()
    for name, p in model.collect_params().items():
        g = p.grad().asnumpy()
        assert np.isfinite(g).all() and np.abs(g).max() > 0, f"{name} got no gradient (all zero or not finite)"
    grad = getattr(model, "embedding").weight.grad().asnumpy()
    norms = np.abs(grad).sum(axis=1)
    for position, char in enumerate([2, 5, 7]):
        assert norms[char] > 0, (
            f"the embedding row of input character {position + 1} (index {char}) got no gradient: "
            "that character never reaches the output")
    others = np.delete(norms, [2, 5, 7])
    assert others.max() == 0, "embedding rows of characters not in the input got a gradient"


def test_first_character_changes_the_output(kata, ctx):
    """Catches a first character dropped from the sum (only the hidden path carries it)."""
    model = make_model(kata, ctx)
    x = mx.nd.array([[1, 4, 6], [9, 4, 6]], ctx=ctx)
    out = model(x).asnumpy()
    diff = np.abs(out[0] - out[1]).max()
    assert diff > 1e-4, (
        f"changing only the first character changed the logits by {diff:.2g}: "
        "h1 must feed into step 2 through hidden_to_hidden")


@pytest.mark.parametrize("where", ["default", "other"])
def test_agrees_with_the_reference(kata, reference, ctx, where):
    """Catches a different wiring or activation, W_hh applied to a zero state at step 1
    (its bias leaks in), and a state made on another context than the inputs'
    (same parameters must give the same logits and gradients)."""
    ctx = OTHER if where == "other" else ctx
    ours, ref = make_model(kata, ctx), make_model(reference, ctx, seed=1)
    copy_parameters(ref, ours)
    x = mx.nd.array(np.random.randint(0, 11, (8, 3)), ctx=ctx)
    y = mx.nd.array(np.random.randint(0, 11, 8), ctx=ctx)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    for model in (ours, ref):
        with autograd.record():
            loss = loss_fn(model(x), y)
        loss.backward()
    np.testing.assert_allclose(S.nd_array(ours(x), f"the logits on {ctx}", np.float32, ctx), ref(x).asnumpy(),
                               rtol=1e-4, atol=1e-5, err_msg=(
                                   "logits differ from the reference's with the same parameters (biases included): "
                                   "h1 = tanh(W_ih e1), h2 = tanh(W_ih e2 + W_hh h1), h3 = tanh(W_ih e3 + W_hh h2)"))
    for layer in LAYERS:
        a = [p.grad().asnumpy() for p in getattr(ours, layer).collect_params().values()]
        b = [p.grad().asnumpy() for p in getattr(ref, layer).collect_params().values()]
        for ga, gb in zip(a, b):
            np.testing.assert_allclose(ga, gb, rtol=1e-4, atol=1e-5, err_msg=f"{layer} gradient differs")


# ------------------------------------------------------------ training

def test_train_step_matches_the_reference(kata, reference, ctx):
    """Catches softmax before a loss that expects logits, a missing trainer.step or a wrong batch scale."""
    ours, ref = make_model(kata, ctx), make_model(reference, ctx)
    copy_parameters(ref, ours)
    x = mx.nd.array(np.random.randint(0, 11, (16, 3)), ctx=ctx)
    y = mx.nd.array(np.random.randint(0, 11, 16), ctx=ctx)
    losses = []
    for module, model in ((kata, ours), (reference, ref)):
        trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 0.5})
        losses.append(module.train_step(model, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), x, y))
    S.exact_float(losses[0], "train_step's return value (the mean loss)")
    assert abs(losses[0] - losses[1]) < 1e-4, (
        f"train_step returned a mean loss of {losses[0]:.5f}, the reference {losses[1]:.5f} on the same "
        "batch and parameters (SoftmaxCrossEntropyLoss wants raw logits, not probabilities)")
    for layer in LAYERS:
        for a, b in zip(getattr(ours, layer).collect_params().values(), getattr(ref, layer).collect_params().values()):
            np.testing.assert_allclose(a.data().asnumpy(), b.data().asnumpy(), rtol=1e-4, atol=1e-5,
                                       err_msg=f"{layer} after one SGD step differs from the reference's")


def test_train_step_lowers_the_loss(kata, ctx):
    """Catches a step that does not update the model, or climbs the loss instead."""
    model = make_model(kata, ctx)
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": 0.1})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    x = mx.nd.array(np.random.randint(0, 11, (32, 3)), ctx=ctx)
    y = mx.nd.array(np.random.randint(0, 11, 32), ctx=ctx)
    first = kata.train_step(model, trainer, loss_fn, x, y)
    for _ in range(12):
        kata.train_step(model, trainer, loss_fn, x, y)
    final = float(loss_fn(model(x), y).mean().asscalar())
    assert final < 0.5 * first, f"12 steps on one fixed batch took the loss only from {first:.3f} to {final:.3f}"
