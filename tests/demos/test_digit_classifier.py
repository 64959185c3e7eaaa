"""The digit-quality score: the shipped classifier and the inception score."""
import numpy as np
import pytest

from common.demos import digit_classifier as dc


@pytest.fixture(scope="module")
def classifier():
    return dc.load_classifier()


def test_shipped_classifier_reads_held_out_digits(classifier):
    """The shipped weights load and read >= 98% of the 2,000 shipped test
    images no classifier of ours trained on (a stale or broken file fails)."""
    images, labels = dc.held_out()
    assert images.shape == (2000, 28, 28)
    acc = dc.accuracy(classifier, images, labels)
    assert acc >= 0.98, f"accuracy {acc:.4f} on shipped images 8000-9999, expected >= 0.98"


def test_classifier_takes_generator_range_images(classifier):
    """uint8 images and the same images in [-1, 1] (a tanh generator's range) agree."""
    images, _ = dc.held_out()
    as_uint8 = dc.predict_proba(classifier, images[:50])
    as_float = dc.predict_proba(classifier, images[:50, None].astype(np.float32) / 127.5 - 1)
    np.testing.assert_allclose(as_uint8, as_float, atol=1e-5)
    np.testing.assert_allclose(as_uint8.sum(axis=1), 1, atol=1e-5)


def test_inception_score_of_confident_uniform_classes_is_ten():
    probs = np.eye(10)[np.arange(1000) % 10]
    assert dc.inception_score(probs) == pytest.approx(10, rel=1e-6)


def test_inception_score_of_a_single_class_is_one():
    probs = np.tile(np.eye(10)[3], (500, 1))
    assert dc.inception_score(probs) == pytest.approx(1, abs=1e-6)


def test_inception_score_of_uninformative_predictions_is_one():
    assert dc.inception_score(np.full((100, 10), 0.1)) == pytest.approx(1, abs=1e-6)


def test_conditional_accuracy_counts_requested_digits(classifier):
    images, labels = dc.held_out()
    wrong = (labels[:100] + 1) % 10
    assert dc.conditional_accuracy(classifier, images[:100], labels[:100]) > 0.95
    assert dc.conditional_accuracy(classifier, images[:100], wrong) < 0.05
