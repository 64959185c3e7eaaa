# Every entry point of the kata set. Each target builds .venv on first use.
#   make test [KATA=name] [IMPL=katas|solutions|dir]   a learner's progression
#   make hint [KATA=name] [LEVEL=n]                    the next hint for a kata
#   make watch [KATA=name]                             re-run the kata you are on at every save
#   make check                                         what CI runs
# See README.md for the rest.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
GPU    ?=
STAMP  := $(VENV)/.installed-$(if $(GPU),cu112,cpu)
# the implementation under test: IMPL=..., else $KATA_IMPL, else your katas/
IMPL   ?= $(or $(KATA_IMPL),katas)
# demos train the references unless IMPL (or KATA_IMPL) is given explicitly
DEMO_IMPL := $(if $(filter command line environment,$(origin IMPL)),$(IMPL),$(or $(KATA_IMPL),solutions))
KATA   ?=
LEVEL  ?=
PYTEST := $(PY) -m pytest
# what a learner's runs share: short tracebacks, and the last run of every kata
# remembered in a git-ignored file (the report shows the katas a run leaves out)
PROGRESS := .kata-progress.json
LEARNER_ARGS := -q --tb=short
# the katas in course order (common/course.py is the one list)
COURSE := $(shell $(PYTHON) -m common.course names)
KATA_TESTS := $(if $(KATA),tests/test_$(KATA).py,$(foreach k,$(COURSE),$(wildcard tests/test_$(k).py)))

ifneq ($(KATA),)
ifeq ($(filter $(KATA),$(COURSE)),)
$(error unknown kata '$(KATA)'; the katas, in course order: $(COURSE))
endif
endif

.PHONY: test hint watch verify check stubcheck mutants mutation selftest grade autograder bench demo demo-dcgan demo-dcgan-module \
        demo-textgen demo-cgan data venv clean

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
	$(PYTEST) $(KATA_TESTS) --impl $(IMPL) $(LEARNER_ARGS) --progress-file $(PROGRESS)

## learner: the next hint for KATA (default: the kata you are on); LEVEL=n for one level
hint: $(STAMP)
	@$(PY) -m common.harness.hints $(KATA) $(if $(LEVEL),--level $(LEVEL)) --impl $(IMPL) --progress-file $(PROGRESS)

## learner: run the kata you are on (or KATA) every time a file in katas/ is saved
watch: $(STAMP)
	@$(PY) -m common.harness.watch $(if $(KATA),--kata $(KATA)) --impl $(IMPL) --progress-file $(PROGRESS) \
	  --pytest-args "$(LEARNER_ARGS)"

## maintainer: every kata's tests on the reference solutions
verify: $(STAMP)
	$(PYTEST) $(KATA_TESTS) --impl solutions -q

## maintainer: the course table and the files agree, stubs are stubs
stubcheck: $(STAMP)
	$(PY) -m common.checks.stubcheck

## maintainer: every known-wrong variant is caught by the tests [KATA=name]
## [RECORD=1: write tests/mutants/caught_by.json, the test that catches each mutant, run first]
RECORD ?=
mutants: $(STAMP)
	$(PY) -m common.checks.mutants $(KATA) $(if $(RECORD),--record)

## maintainer: mutmut over solutions/<kata>.py with that kata's tests [KATA=name] [JOBS=n]
MUTMUT_STAMP := $(VENV)/.installed-mutmut
$(MUTMUT_STAMP): $(STAMP) requirements-mutation.txt
	$(PY) -m pip install --quiet -r requirements-mutation.txt -c constraints.txt
	touch $@

mutation: $(MUTMUT_STAMP)
	$(PY) -m common.checks.mutation $(KATA) $(if $(JOBS),--jobs $(JOBS))

## maintainer: tests of common/ (harness, checks, grading, demos, bench), one test file
## per worker (pytest-xdist) on up to 4 cores, the longest folders first so that the
## workers end together; SELFTEST_JOBS=0 runs them in this process
SELFTEST_JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
selftest: $(STAMP)
	$(PYTEST) tests/grading tests/harness tests/demos tests/bench tests/checks -q \
	  $(if $(filter 0,$(SELFTEST_JOBS)),,-n $(SELFTEST_JOBS) --dist loadfile)

## CI: everything
check: stubcheck verify selftest mutants
	@echo "make check: all green"

## instructor: SUBMISSION=dir | SUBMISSIONS="d1 d2" (or one folder of folders) [OUT=dir] [EXTRA_TESTS=dir]
##   [KATAS=a,b] [TIMEOUT=s] [MEMORY_MB=m] [JOBS=n] [POINTS=file.toml]  (python -m common.grading --help)
GRADE_ARGS = $(if $(OUT),--out $(OUT)) $(if $(EXTRA_TESTS),--extra-tests $(EXTRA_TESTS)) \
  $(if $(KATAS),--katas $(KATAS)) $(if $(TIMEOUT),--timeout $(TIMEOUT)) \
  $(if $(MEMORY_MB),--memory-mb $(MEMORY_MB)) $(if $(JOBS),--jobs $(JOBS)) $(if $(POINTS),--points $(POINTS))
grade: $(STAMP)
	@test -n "$(SUBMISSION)$(SUBMISSIONS)" || { echo 'usage: make grade SUBMISSION=dir  or  make grade SUBMISSIONS="dir1 dir2"'; exit 2; }
	$(PY) -m common.grading $(if $(SUBMISSION),--submission $(SUBMISSION),--submissions $(SUBMISSIONS)) $(GRADE_ARGS)

## instructor: autograder.zip for Gradescope [EXTRA_TESTS=dir] [KATAS=a,b] [HIDDEN_VISIBILITY=after_published]
autograder: $(STAMP)
	$(PY) -m common.grading.autograder build $(if $(EXTRA_TESTS),--extra-tests $(EXTRA_TESTS)) \
	  $(if $(KATAS),--katas $(KATAS)) $(if $(HIDDEN_VISIBILITY),--hidden-visibility $(HIDDEN_VISIBILITY)) \
	  $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(if $(MEMORY_MB),--memory-mb $(MEMORY_MB))

## throughput: BENCH_ARGS="--impl katas" also times your steps against the reference
bench: $(STAMP)
	$(PY) -m common.bench $(BENCH_ARGS)

## demos: train the references on the shipped data into runs/<demo>; IMPL=katas trains
## yours into runs/<demo>-katas. STEPS=n (MINUTES=m for textgen), RESUME=1 continues.
DEMO_ARGS = --impl $(DEMO_IMPL) $(if $(RESUME),--resume)
demo: demo-dcgan demo-cgan demo-textgen

demo-dcgan: $(STAMP)
	$(PY) -m common.demos.dcgan --fast $(DEMO_ARGS) $(if $(STEPS),--iterations $(STEPS))

demo-dcgan-module: $(STAMP)
	$(PY) -m common.demos.dcgan --fast --api module $(DEMO_ARGS) $(if $(STEPS),--iterations $(STEPS))

demo-cgan: $(STAMP)
	$(PY) -m common.demos.cgan --fast $(DEMO_ARGS) $(if $(STEPS),--steps $(STEPS))

demo-textgen: $(STAMP)
	$(PY) -m common.demos.textgen $(DEMO_ARGS) --minutes $(or $(MINUTES),3)

data: $(STAMP)
	$(PY) -m common.datasets download

clean:
	rm -rf $(VENV) runs grades results .benchmarks autograder.zip .grading-cache
