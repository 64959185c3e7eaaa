"""Tests of the textgen kata: time-major batches, a Gluon LSTM/GRU/RNN
language model, truncated BPTT with gradient clipping, and generation.

Each test names, in its docstring, the mistake it is there to catch.
"""
import math
import time
from types import SimpleNamespace

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from mxnet import autograd, gluon

from common.datasets import load_nietzsche
from tests import strategies as S

MODES = ("lstm", "gru", "rnn")
LAYERS = ("embedding", "rnn", "decoder")
STATES = {"lstm": 2, "gru": 1, "rnn": 1}


def make_vocab(text):
    """The (chars, char_to_index, index_to_char) triple of the unrolled_rnn kata."""
    chars = "".join(sorted(set(text)))
    return chars, {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def make_model(module, ctx, mode="lstm", vocab_size=12, num_embed=5, num_hidden=7, num_layers=1,
               dropout=0.0):
    model = module.GluonRNNModel(mode, vocab_size, num_embed, num_hidden, num_layers, dropout)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    model(mx.nd.zeros((2, 1), ctx=ctx), model.begin_state(1, ctx=ctx))  # deferred shapes
    return model


def copy_parameters(src, dst):
    """Give ``dst`` the parameters of ``src``, layer by layer (attributes in LAYERS)."""
    for layer in LAYERS:
        for owner in (src, dst):
            assert hasattr(owner, layer), (
                f"GluonRNNModel must keep its layers in the attributes {LAYERS}; {layer!r} is missing")
        a, b = getattr(src, layer), getattr(dst, layer)
        ours = {name[len(b.prefix):]: p for name, p in b.collect_params().items()}
        for name, param in a.collect_params().items():
            key = name[len(a.prefix):]
            assert key in ours, f"{layer} has no parameter {key!r} (it has {sorted(ours)})"
            ours[key].set_data(param.data())


def twin_models(kata, reference, ctx, **kwargs):
    ours, ref = make_model(kata, ctx, **kwargs), make_model(reference, ctx, **kwargs)
    copy_parameters(ref, ours)
    return ours, ref


def as_list(hidden):
    return [hidden] if isinstance(hidden, mx.nd.NDArray) else list(hidden)


def global_norm(arrays):
    return math.sqrt(sum(float((a.astype("float64") ** 2).sum().asscalar()) for a in arrays))


# ------------------------------------------------------------ batchify / get_batch

@given(length=st.integers(1, 60), batch_size=st.integers(1, 8))
def test_batchify_is_time_major(kata, length, batch_size):
    """Catches batch-major (B, num_batches) output and columns that are not contiguous text."""
    idx = np.arange(length) % 50
    if length < batch_size:
        with pytest.raises(ValueError):
            kata.batchify(idx, batch_size)
        return
    out = kata.batchify(idx, batch_size)
    nb = length // batch_size
    assert out.shape == (nb, batch_size), (
        f"{length} characters in {batch_size} columns give (num_batches, batch_size) = "
        f"{(nb, batch_size)} (the remainder is dropped); got {out.shape}")
    got = out.asnumpy()
    for j in range(batch_size):
        np.testing.assert_array_equal(got[:, j], idx[j * nb:(j + 1) * nb],
                                      err_msg=f"column {j} must be the text idx[{j * nb}:{(j + 1) * nb}]")


@given(rows=st.integers(2, 20), batch=st.integers(1, 4), seq_len=st.integers(1, 6), data=st.data())
def test_get_batch_shifts_targets_by_one(kata, rows, batch, seq_len, data):
    """Catches targets that are the inputs themselves, (B, seq) data, and a last chunk that runs off the end."""
    i = data.draw(st.integers(0, rows - 2), label="i")
    source = mx.nd.array(np.arange(rows * batch).reshape(rows, batch))
    x, y = kata.get_batch(source, i, seq_len)
    seq = min(seq_len, rows - 1 - i)
    assert x.shape == (seq, batch), (
        f"get_batch(source of shape {source.shape}, i={i}, seq_len={seq_len}) must return data of "
        f"shape (seq, B) = {(seq, batch)} (time-major: TNC for the recurrent layer; seq shrinks at "
        f"the end so every input has a target); got {x.shape}")
    np.testing.assert_array_equal(x.asnumpy(), source[i:i + seq].asnumpy())
    expected = source[i + 1:i + 1 + seq].asnumpy().reshape(-1)
    assert y.shape == expected.shape, f"targets must be flattened to {expected.shape}, got {y.shape}"
    np.testing.assert_array_equal(y.asnumpy(), expected,
                                  err_msg="the target of row t is row t + 1 (the next character)")


def test_get_batch_has_no_batch_at_the_last_row(kata):
    """Catches an empty batch at the end of the data (the last row has no next character)."""
    source = mx.nd.array(np.arange(12).reshape(6, 2))
    x, y = kata.get_batch(source, 4, 3)
    assert x.shape == (1, 2) and y.shape == (2,)
    with pytest.raises(ValueError):
        kata.get_batch(source, 5, 3)


# ------------------------------------------------------------ the model

def test_unknown_mode_is_refused(kata):
    """Catches a typo such as 'lstn' silently building a plain RNN."""
    with pytest.raises(ValueError):
        kata.GluonRNNModel("lstn", 10, 4, 4, 1, 0.0)


@settings(max_examples=12)
@given(mode=st.sampled_from(MODES), seq=st.integers(1, 5), batch=st.integers(1, 4),
       vocab_size=st.integers(2, 20), num_hidden=st.integers(1, 8), num_layers=st.integers(1, 2))
def test_output_and_state_shapes(kata, ctx, mode, seq, batch, vocab_size, num_hidden, num_layers):
    """Catches states of the wrong count or shape, and outputs not flattened to (seq * B, vocab)."""
    model = make_model(kata, ctx, mode, vocab_size, 3, num_hidden, num_layers)
    hidden = as_list(model.begin_state(batch, ctx=ctx))
    state_shape = (num_layers, batch, num_hidden)
    assert [h.shape for h in hidden] == [state_shape] * STATES[mode], (
        f"begin_state of a {num_layers}-layer {mode} must give {STATES[mode]} array(s) of shape "
        f"(num_layers, B, num_hidden) = {state_shape}; got {[h.shape for h in hidden]}")
    x = mx.nd.array(np.random.randint(0, vocab_size, (seq, batch)), ctx=ctx)
    out, new = model(x, hidden)
    assert out.shape == (seq * batch, vocab_size), (
        f"input (seq, B) = {(seq, batch)} must give logits of shape (seq * B, vocab) = "
        f"{(seq * batch, vocab_size)}; got {out.shape}")
    assert [h.shape for h in as_list(new)] == [state_shape] * STATES[mode]


@pytest.mark.parametrize("mode", MODES)
def test_agrees_with_the_reference(kata, reference, ctx, mode):
    """Catches another activation, layout or decoder (same parameters, same logits and states)."""
    ours, ref = twin_models(kata, reference, ctx, mode=mode, num_layers=2)
    x = mx.nd.array(np.random.randint(0, 12, (4, 3)), ctx=ctx)
    h0 = as_list(ref.begin_state(3, ctx=ctx))
    h0 = [mx.nd.random.normal(shape=h.shape, ctx=ctx) * 0.5 for h in h0]
    a, ha = ours(x, h0)
    b, hb = ref(x, h0)
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-4, atol=1e-5,
                               err_msg=f"{mode} logits differ from the reference's with the same parameters")
    for s, t in zip(as_list(ha), as_list(hb)):
        np.testing.assert_allclose(s.asnumpy(), t.asnumpy(), rtol=1e-4, atol=1e-5, err_msg=f"{mode} state differs")


def test_detach_stops_the_gradient(kata, ctx):
    """Catches a detach that hands the state back attached (BPTT through the whole epoch)."""
    model = make_model(kata, ctx, "lstm")  # not hybridized: two calls in one recording
    x = mx.nd.array(np.random.randint(0, 12, (3, 2)), ctx=ctx)
    flows = {}
    for cut in (False, True):
        h0 = as_list(model.begin_state(2, ctx=ctx))
        h0 = [h + 0.5 for h in h0]
        for h in h0:
            h.attach_grad()
        with autograd.record():
            _, h1 = model(x, h0)
            if cut:
                h1 = kata.detach(h1)
            out, _ = model(x, h1)
            total = out.sum()
        total.backward()
        flows[cut] = global_norm([h.grad for h in h0])
    assert flows[False] > 0, "set-up check: without detach the gradient should reach the first batch's state"
    assert flows[True] == 0, (
        f"after detach, {flows[True]:.3g} of gradient norm still reached the previous batch's "
        f"state (without detach: {flows[False]:.3g}); detach must cut the graph")


# ------------------------------------------------------------ train_epoch

def one_batch_epoch(module, model, ctx, clip, lr=1.0, seq_len=4, batch=3):
    data = mx.nd.array(np.random.RandomState(1).randint(0, 12, (seq_len + 1, batch)), ctx=ctx)
    before = [p.data().copy() for p in model.collect_params().values()]
    trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": lr})
    result = module.train_epoch(model, data, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), seq_len, clip)
    after = [p.data() for p in model.collect_params().values()]
    return result, global_norm([a - b for a, b in zip(after, before)])


def test_clipping_bounds_the_global_norm(kata, ctx):
    """Catches clipping after the update, and a bound not scaled by seq_len * batch_size."""
    clip, seq_len = 1e-3, 4
    model = make_model(kata, ctx)
    _, step = one_batch_epoch(kata, model, ctx, clip, seq_len=seq_len)
    bound = clip * seq_len  # SGD, lr 1: the step is the gradient trainer.step(B) applies
    assert step <= bound * 1.01, (
        f"one SGD step (lr=1, clip={clip}, seq_len={seq_len}) moved the parameters by {step:.4g}, "
        f"above clip * seq_len = {bound:.4g}: clip the gradients (to clip * seq_len * batch_size, "
        "since trainer.step(batch_size) divides them by batch_size) before trainer.step")
    assert step >= bound * 0.99, (
        f"the step {step:.4g} is well under clip * seq_len = {bound:.4g} although the raw gradient is "
        "far larger: clip to clip * seq_len * batch_size, not clip * seq_len (trainer.step divides by B)")


def test_no_clip_leaves_the_gradient_alone(kata, ctx):
    """Catches clipping even when clip is None."""
    model = make_model(kata, ctx)
    _, step = one_batch_epoch(kata, model, ctx, clip=None, lr=1.0)
    assert step > 0.01, f"with clip=None the step was only {step:.3g}"


def test_train_epoch_agrees_with_the_reference(kata, reference, ctx):
    """Catches a different loss average, missing BPTT chunks or a skipped last chunk."""
    ours, ref = twin_models(kata, reference, ctx, mode="gru")
    data = mx.nd.array(np.random.randint(0, 12, (11, 3)), ctx=ctx)  # chunks of 4, 4 and 2 steps
    results = []
    for module, model in ((kata, ours), (reference, ref)):
        trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 0.1})
        results.append(module.train_epoch(model, data, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), 4, 0.5))
    (loss, ppl), (ref_loss, _) = results
    assert abs(loss - ref_loss) < 1e-4, f"mean loss {loss:.5f} nats/char, the reference {ref_loss:.5f}"
    assert abs(ppl - math.exp(loss)) < 1e-3 * ppl, f"perplexity must be exp(loss) = {math.exp(loss):.4f}, got {ppl:.4f}"
    for layer in LAYERS:
        for a, b in zip(getattr(ours, layer).collect_params().values(), getattr(ref, layer).collect_params().values()):
            np.testing.assert_allclose(a.data().asnumpy(), b.data().asnumpy(), rtol=1e-4, atol=1e-5,
                                       err_msg=f"{layer} after one epoch differs from the reference's")


# ------------------------------------------------------------ generate

def test_generate_greedy_agrees_with_the_reference(kata, reference, ctx):
    """Catches a seed fed one character at a time without its state, or the wrong output row."""
    text = "the cat sat on the mat."
    vocab = make_vocab(text)
    ours, ref = make_model(kata, ctx, vocab_size=len(vocab[0])), make_model(reference, ctx, vocab_size=len(vocab[0]))
    for p in ref.collect_params().values():  # large random weights: every input changes the prediction
        p.set_data(mx.nd.random.normal(0, 1.5, shape=p.shape, ctx=ctx))
    copy_parameters(ref, ours)
    got = kata.generate(ours, "the c", 12, vocab)
    assert isinstance(got, str) and len(got) == 12, f"expected 12 new characters, got {got!r}"
    expected = reference.generate(ref, "the c", 12, vocab)
    assert got == expected, (
        f"greedy generation after 'the c' gave {got!r}, the reference {expected!r} with the same "
        "parameters: run the seed as one (T, 1) input, predict from its last row, then feed back "
        "one character at a time carrying the state")


def test_generate_sampling_is_reproducible(kata, ctx):
    """Catches sampling that ignores the seed, and a temperature that changes nothing."""
    vocab = make_vocab("abcdefghij")
    model = make_model(kata, ctx, vocab_size=10)
    a = kata.generate(model, "abc", 12, vocab, temperature=1.0, seed=3)
    b = kata.generate(model, "abc", 12, vocab, temperature=1.0, seed=3)
    c = kata.generate(model, "abc", 12, vocab, temperature=1.0, seed=4)
    assert a == b, f"the same seed gave {a!r} and {b!r}"
    assert a != c, "seeds 3 and 4 gave the same 12 characters"
    greedy = kata.generate(model, "abc", 10, vocab)
    cold = kata.generate(model, "abc", 10, vocab, temperature=1e-8, seed=5)
    assert cold == greedy, "a temperature near zero must pick the most likely character, as greedy does"


def test_generate_rejects_unknown_characters(kata, ctx):
    """Catches a KeyError deep inside the loop (or a silent wrong index) for a character the model never saw."""
    vocab = make_vocab("abc")
    model = make_model(kata, ctx, vocab_size=3)
    with pytest.raises(ValueError, match="z"):
        kata.generate(model, "abz", 5, vocab)


# ------------------------------------------------------------ learning

def test_loss_falls_on_the_shipped_text(kata, ctx):
    """Catches a model or training loop that does not learn (3 short epochs on 4,000 characters of Nietzsche)."""
    text = load_nietzsche()[:4000]
    vocab = make_vocab(text)
    data = kata.batchify(np.array([vocab[1][c] for c in text]), 20)
    model = make_model(kata, ctx, vocab_size=len(vocab[0]), num_embed=16, num_hidden=32)
    model.hybridize(static_alloc=True, static_shape=True)
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": 0.02})
    start = time.perf_counter()
    losses = [kata.train_epoch(model, data, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), 20, 0.25)[0]
              for _ in range(3)]
    uniform = math.log(len(vocab[0]))
    assert losses[-1] < losses[0] and losses[-1] < uniform - 1.0, (
        f"3 epochs gave losses {[round(l, 2) for l in losses]} nats/char (uniform guessing: "
        f"{uniform:.2f}); the loss should fall below {uniform - 1:.2f} "
        f"(took {time.perf_counter() - start:.1f}s)")
