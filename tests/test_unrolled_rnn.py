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


def make_model(module, ctx, vocab_size=11, num_embed=4, num_hidden=6):
    model = module.UnrolledRNN(vocab_size, num_embed, num_hidden)
    model.initialize(mx.init.Uniform(0.5), ctx=ctx)
    model(mx.nd.zeros((1, 3), ctx=ctx))  # finishes any deferred shape inference
    return model


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
    chars, char_to_index, index_to_char = kata.char_vocab(text)
    assert list(chars) == sorted(set(text)), f"expected the sorted unique characters {sorted(set(text))}, got {list(chars)}"
    assert set(char_to_index.keys()) == set(text)
    for i, c in enumerate(chars):
        assert char_to_index[c] == i, f"char_to_index[{c!r}] should be {i} (its place in chars), got {char_to_index[c]}"
        assert index_to_char[i] == c, f"index_to_char[{i}] should be {c!r}, got {index_to_char[i]!r}"


@given(text=st.text(alphabet="abcdeXYZ _.\n!", min_size=1, max_size=60))
def test_encode_round_trips(kata, text):
    """Catches indices that do not decode back to the text."""
    vocab = kata.char_vocab(text)
    idx = np.asarray(kata.encode(text, vocab))
    assert idx.shape == (len(text),), f"expected one index per character, shape {(len(text),)}, got {idx.shape}"
    assert np.issubdtype(idx.dtype, np.integer), f"indices must be integers, got {idx.dtype}"
    assert "".join(vocab[2][int(i)] for i in idx) == text


def test_encode_rejects_unknown_characters(kata):
    """Catches a character outside the vocabulary silently mapped to some index."""
    vocab = kata.char_vocab("abc")
    with pytest.raises(ValueError):
        kata.encode("abd", vocab)


def test_three_char_windows_on_the_tutorial_example(kata):
    """Catches a target that is not the character right after its three inputs."""
    text = "I_love_mxnet"
    vocab = kata.char_vocab(text)
    inputs, targets = kata.three_char_windows(kata.encode(text, vocab))
    got = ["".join(vocab[2][int(i)] for i in row) + "->" + vocab[2][int(t)]
           for row, t in zip(np.asarray(inputs), np.asarray(targets))]
    assert got == ["I_l->o", "ove->_", "_mx->n"], (
        f"with the default stride 3, 'I_love_mxnet' gives I_l->o, ove->_, _mx->n; got {got}")


@given(length=st.integers(0, 40), stride=st.integers(1, 5))
def test_three_char_windows_every_stride(kata, length, stride):
    """Catches an off-by-one window count (a last window without a target) and a wrong stride."""
    idx = np.arange(100, 100 + length)
    inputs, targets = (np.asarray(a) for a in kata.three_char_windows(idx, stride=stride))
    starts = list(range(0, max(length - 3, 0), stride))
    assert inputs.shape == (len(starts), 3), (
        f"{length} characters with stride {stride} give {len(starts)} windows (starts {starts}), "
        f"inputs of shape {(len(starts), 3)}; got {inputs.shape}")
    assert targets.shape == (len(starts),), f"expected targets of shape {(len(starts),)}, got {targets.shape}"
    for k, s in enumerate(starts):
        np.testing.assert_array_equal(inputs[k], idx[s:s + 3], err_msg=f"window {k} must read idx[{s}:{s + 3}]")
        assert targets[k] == idx[s + 3], f"window {k}'s target must be idx[{s + 3}] = {idx[s + 3]}, got {targets[k]}"


# ------------------------------------------------------------ the model

@settings(max_examples=10)
@given(batch=S.batch_sizes, vocab_size=st.integers(2, 30), num_embed=st.integers(1, 8),
       num_hidden=st.integers(1, 8))
def test_forward_shape(kata, ctx, batch, vocab_size, num_embed, num_hidden):
    """Catches logits per step instead of one prediction per window, and the wrong width."""
    model = make_model(kata, ctx, vocab_size, num_embed, num_hidden)
    x = mx.nd.array(np.random.randint(0, vocab_size, (batch, 3)), ctx=ctx)
    out = model(x)
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
    assert total == V * E + H * E + H + H * H + H + V * H + V


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


def test_agrees_with_the_reference(kata, reference, ctx):
    """Catches a different wiring or activation (same parameters must give the same logits and gradients)."""
    ours, ref = make_model(kata, ctx), make_model(reference, ctx)
    copy_parameters(ref, ours)
    x = mx.nd.array(np.random.randint(0, 11, (8, 3)), ctx=ctx)
    y = mx.nd.array(np.random.randint(0, 11, 8), ctx=ctx)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    for model in (ours, ref):
        with autograd.record():
            loss = loss_fn(model(x), y)
        loss.backward()
    np.testing.assert_allclose(ours(x).asnumpy(), ref(x).asnumpy(), rtol=1e-4, atol=1e-5,
                               err_msg="logits differ from the reference's with the same parameters")
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
    assert isinstance(losses[0], float), f"train_step must return the mean loss as a float, got {type(losses[0])}"
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
