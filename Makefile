# Every entry point of the kata set. Each target builds .venv on first use.
#   make test [KATA=name] [IMPL=katas|solutions|dir]   a learner's progression
#   make check                                         what CI runs
# See README.md for the rest.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
GPU    ?=
STAMP  := $(VENV)/.installed-$(if $(GPU),cu112,cpu)
IMPL   ?= katas
# demos train the references unless IMPL is given explicitly
DEMO_IMPL := $(if $(filter command line environment,$(origin IMPL)),$(IMPL),solutions)
KATA   ?=
PYTEST := $(PY) -m pytest
KATA_TESTS := $(if $(KATA),tests/test_$(KATA).py,$(sort $(wildcard tests/test_*.py)))

ifneq ($(KATA),)
ifeq ($(wildcard tests/test_$(KATA).py),)
$(error unknown kata '$(KATA)'; the katas with tests are: $(patsubst tests/test_%.py,%,$(wildcard tests/test_*.py)))
endif
endif

.PHONY: test verify check stubcheck mutants harness grade bench demo demo-dcgan demo-dcgan-module demo-textgen demo-cgan data venv clean

venv: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed (MXNet 1.9.1), found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(if $(GPU),sed 's/^mxnet==/mxnet-cu112==/' requirements.txt > $(VENV)/requirements.txt,cp requirements.txt $(VENV)/requirements.txt)
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt -c constraints.txt
	rm -f $(VENV)/.installed-*
	touch $@

## learner: the progression on katas/ (exit 0 while nothing fails)
test: $(STAMP)
	$(PYTEST) $(KATA_TESTS) --impl $(IMPL) -q

## maintainer: every kata's tests on the reference solutions
verify: $(STAMP)
	$(PYTEST) $(KATA_TESTS) --impl solutions -q

## maintainer: katas/ and solutions/ in step, stubs are stubs
stubcheck: $(STAMP)
	$(PY) -m common.stubcheck

## maintainer: every known-wrong variant is caught by the tests
mutants: $(STAMP)
	$(PY) -m common.mutants $(KATA)

## maintainer: tests of common/ (loaders, harness, grader)
harness: $(STAMP)
	$(PYTEST) tests/harness -q

## CI: everything
check: stubcheck verify harness mutants
	@echo "make check: all green"

## instructor: SUBMISSION=dir | SUBMISSIONS="d1 d2" (or one folder of folders) [OUT=dir] [EXTRA_TESTS=dir] [JOBS=n]
grade: $(STAMP)
	@test -n "$(SUBMISSION)$(SUBMISSIONS)" || { echo 'usage: make grade SUBMISSION=dir  or  make grade SUBMISSIONS="dir1 dir2"'; exit 2; }
	$(PY) -m common.grading $(if $(SUBMISSION),--submission $(SUBMISSION),--submissions $(SUBMISSIONS)) \
	  $(if $(OUT),--out $(OUT)) $(if $(EXTRA_TESTS),--extra-tests $(EXTRA_TESTS)) $(if $(JOBS),--jobs $(JOBS))

## throughput: BENCH_ARGS="--impl katas" also times your steps against the reference
bench: $(STAMP)
	$(PY) -m common.bench $(BENCH_ARGS)

## demos: train the references on the shipped data (IMPL=katas trains yours)
demo: demo-dcgan demo-cgan demo-textgen

demo-dcgan: $(STAMP)
	$(PY) -m common.train_dcgan --fast --impl $(DEMO_IMPL) --out runs/dcgan

demo-dcgan-module: $(STAMP)
	$(PY) -m common.train_dcgan --fast --api module --impl $(DEMO_IMPL) --out runs/dcgan-module

demo-cgan: $(STAMP)
	$(PY) -m common.train_cgan --fast --impl $(DEMO_IMPL) --out runs/cgan

demo-textgen: $(STAMP)
	$(PY) -m common.train_textgen --impl $(DEMO_IMPL) --minutes $(or $(MINUTES),3) --out runs/textgen

data: $(STAMP)
	$(PY) -m common.mnist download

clean:
	rm -rf $(VENV) runs grades results .benchmarks
