# advisord: a plain GNU Makefile.
#
#   make                 build build/advisord and build/advisor
#   make run             install what is missing, build what running needs
#                        (not the test or bench tools), run on 127.0.0.1:8080
#   make run ARGS="--listen 127.0.0.1:9090"   the same, with daemon flags
#   make test            install what is missing, build, run every suite
#   make SANITIZE=1 test the same under AddressSanitizer + UBSan (build/sanitize)
#   make bench           benchmarks, reported as ratios against baselines
#                        (BENCH_QUICK=1: bench_pairs in about 30 s, the rest in full)
#   make soak            long soak (SOAK_SECONDS=600), crash tests 200 rounds,
#                        every eval conversation alone vs interleaved (5 seeds),
#                        the eval through a daemon under valgrind memcheck
#   make memcheck-engine the engine (build/cg_say) under valgrind memcheck
#   make fuzz            run the libFuzzer targets, FUZZ_SECONDS=300 each
#   make install PREFIX=/usr/local DESTDIR=
#   make clean

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/advisord
UNITDIR   ?= /etc/systemd/system
SYSCONFDIR ?= /etc
MANDIR    ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC        ?= cc

ifeq ($(SANITIZE),1)
B         := build/sanitize
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
             -fno-omit-frame-pointer
else
B         := build
SANFLAGS  :=
endif

PKGS       = libwebsockets jansson libsodium inih libsystemd openssl libpq \
             libcurl
# Recursive (=) on purpose: pkg-config runs only when something is compiled,
# so `make deps` works on a machine that has none of the packages yet.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lev -lstemmer -lm

WARNINGS   = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wpointer-arith -Wformat=2 \
             -Wno-format-nonliteral
# The knowledge base served when none is configured: a directory name
# under knowledge/ (build tree) or $(DATADIR)/knowledge (installed).
DEFAULT_KB ?= rust-vs-go-2026
BASEFLAGS  = -std=c11 $(WARNINGS) -O2 -g -D_GNU_SOURCE \
             -DADVISORD_VERSION='"$(VERSION)"' -DADVISOR_VERSION='"$(VERSION)"' \
             -DADVISORD_DEFAULT_KB='"$(DEFAULT_KB)"' -MMD -MP
# The layers, enforced: a directory compiles with the include paths of
# the layers it may use and no others, so an #include the wrong way (the
# engine reaching into the daemon, a client into the engine) fails the
# build.  lib/ is the small utilities every layer may use.
LAYER_lib       = -Ilib
LAYER_knowledge = $(LAYER_lib) -Iknowledge
LAYER_protocol  = $(LAYER_knowledge) -Iprotocol
LAYER_daemon    = $(LAYER_protocol) -Idaemon
LAYER_clients   = $(LAYER_lib) -Iprotocol
LAYER_tests     = $(LAYER_daemon)
INCLUDES   = $(LAYER_daemon)
# $(call layer,knowledge/kb.c) is knowledge's include paths.
layer      = $(LAYER_$(firstword $(subst /, ,$(1))))
ALL_CFLAGS = $(BASEFLAGS) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC       = lib/errlist.c lib/arena.c lib/strmap.c lib/strbuf.c
KNOWLEDGE_SRC = knowledge/text.c knowledge/kb.c knowledge/kb_load.c \
                knowledge/kb_fields.c knowledge/kb_load_article.c \
                knowledge/kb_load_lexicon.c knowledge/kb_load_dialogue.c \
                knowledge/kb_index.c knowledge/kb_typo.c knowledge/kb_phrases.c \
                knowledge/kb_intent.c \
                knowledge/kb_load_phrases.c \
                knowledge/dialogue.c knowledge/dialogue_walk.c \
                knowledge/dialogue_verdict.c knowledge/dialogue_understand.c \
                knowledge/dialogue_match.c knowledge/dialogue_ask.c \
                knowledge/dialogue_focus.c \
                knowledge/dialogue_frame.c knowledge/dialogue_fit.c
PROTOCOL_SRC  = protocol/proto.c protocol/minisign.c protocol/transcript.c \
                protocol/input.c protocol/render_json.c protocol/render_plain.c \
                protocol/markdown.c protocol/jsonenc.c protocol/jsonflat.c
DAEMON_SRC    = daemon/main.c daemon/log.c daemon/config.c daemon/server.c \
                daemon/ws.c daemon/http.c daemon/bucket.c daemon/metrics.c \
                daemon/peers.c daemon/conversation.c daemon/transcript.c \
                daemon/store.c daemon/notify.c daemon/check.c daemon/proxy.c \
                daemon/sockact.c daemon/kbdir.c daemon/worker.c \
                daemon/hostcheck.c daemon/limits.c daemon/regfile.c \
                daemon/finals.c daemon/restoken.c daemon/backend.c daemon/pgstore.c \
                daemon/httpapi.c daemon/webhook.c daemon/webhook_slack.c \
                daemon/webhook_mattermost.c daemon/webhook_discord.c \
                daemon/slackpost.c daemon/loopstat.c daemon/reserve.c
ADVISOR_SRC   = clients/advisor/advisor.c clients/advisor/opts.c \
                clients/advisor/render.c clients/advisor/save.c \
                clients/advisor/chat.c clients/advisor/ask.c \
                clients/advisor/fetch.c clients/advisor/replay.c \
                clients/advisor/wrap.c \
                $(CLIENT_COMMON_SRC)
# Clients (issue 15): the shared WebSocket session code, and the IRC bridge.
CLIENT_COMMON_SRC = clients/common/wsc.c clients/common/session.c
IRC_SRC       = clients/irc/main.c clients/irc/irc.c clients/irc/bridge.c \
                clients/irc/split.c clients/irc/state.c clients/irc/tconn.c \
                $(CLIENT_COMMON_SRC)
IRC_OBJ       = $(IRC_SRC:%.c=$(B)/obj/%.o)
LAYER_clients += -Iclients/common
# advisor replay runs the engine itself: the one client that sees knowledge/.
$(B)/obj/clients/advisor/replay.o: CFLAGS += -Iknowledge
UNIT_TESTS    = test_config test_kb test_golden test_dialogue test_protocol \
                test_markdown

LIB_OBJ       = $(LIB_SRC:%.c=$(B)/obj/%.o)
KNOWLEDGE_OBJ = $(KNOWLEDGE_SRC:%.c=$(B)/obj/%.o)
PROTOCOL_OBJ  = $(PROTOCOL_SRC:%.c=$(B)/obj/%.o)
DAEMON_OBJ    = $(DAEMON_SRC:%.c=$(B)/obj/%.o)
ADVISOR_OBJ   = $(ADVISOR_SRC:%.c=$(B)/obj/%.o)
# Everything but main.c, so unit tests can link daemon modules.
DAEMON_LIB_OBJ = $(filter-out $(B)/obj/daemon/main.o,$(DAEMON_OBJ))
# The libraries, in link order, and the daemon's: everything below it.
LIBS       = $(B)/libprotocol.a $(B)/libknowledge.a $(B)/libutil.a
ENGINE_LIBS = $(B)/libknowledge.a $(B)/libutil.a

.PHONY: all tools bench-tools web run test check bench deps deps-run clean \
        install uninstall unit fuzz fuzz-build soak

# What `make run` needs: the daemon, its clients and the web page.
RUN_TARGETS = $(B)/advisord $(B)/advisor $(B)/advisor-irc web

all: $(RUN_TARGETS) tools bench-tools

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call layer,$<) -c $< -o $@

$(B)/libutil.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/libknowledge.a: $(KNOWLEDGE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/libprotocol.a: $(PROTOCOL_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/advisord: $(DAEMON_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(DAEMON_OBJ) $(LIBS) $(PKG_LIBS)

# The client speaks the protocol; only its replay links the engine.
$(B)/advisor: $(ADVISOR_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(ADVISOR_OBJ) $(LIBS) $(PKG_LIBS)

$(B)/advisor-irc: $(IRC_OBJ) $(B)/libprotocol.a $(B)/libutil.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(IRC_OBJ) $(B)/libprotocol.a \
	    $(B)/libutil.a $(PKG_LIBS)

# Unit tests: one cmocka program per tests/unit/test_*.c.
$(B)/tests/%: $(B)/obj/tests/unit/%.o $(DAEMON_LIB_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(DAEMON_LIB_OBJ) $(LIBS) $(PKG_LIBS) \
	    $(shell $(PKG_CONFIG) --libs cmocka)

unit: $(UNIT_TESTS:%=$(B)/tests/%)

# The web client, as served: clients/web plus the npm libraries it uses,
# copied from node_modules (installed from package-lock.json by npm ci) so
# that the page needs nothing but the daemon.  Always build/web: both the
# plain and the sanitizer daemon serve it.
WEB_OUT    = build/web
WEB_VENDOR = node_modules/chart.js/dist/chart.umd.js \
             node_modules/@noble/ed25519/index.js \
             node_modules/@noble/hashes/blake2.js

# the stamp lives beside the web root, not in it: served, it answered 415
WEB_STAMP  = build/.web-built

web: $(WEB_STAMP)

$(WEB_STAMP): $(wildcard clients/web/* clients/web/*/*) package-lock.json
	@rm -rf $(WEB_OUT)
	@mkdir -p $(WEB_OUT)/vendor
	cp -R clients/web/. $(WEB_OUT)/
	@if [ -f node_modules/chart.js/dist/chart.umd.js ]; then \
	    cp node_modules/chart.js/dist/chart.umd.js $(WEB_OUT)/vendor/ && \
	    mkdir -p $(WEB_OUT)/vendor/noble-ed25519 \
	        $(WEB_OUT)/vendor/noble-hashes && \
	    cp node_modules/@noble/ed25519/index.js \
	        $(WEB_OUT)/vendor/noble-ed25519/ && \
	    cp node_modules/@noble/hashes/*.js $(WEB_OUT)/vendor/noble-hashes/ && \
	    echo "web: bundled chart.js and @noble from node_modules"; \
	else \
	    echo "web: node_modules missing (npm ci): no charts, no in-page verification"; \
	fi
	@touch $@

# Tools for tests and benchmarks, linked against the libraries and the
# daemon's directory reader (kbdir.o) only; protocol/ renders the engine's
# events.
KBDIR_OBJ = $(B)/obj/daemon/kbdir.o

$(B)/kbtool: $(B)/obj/tests/tools/kbtool.o $(KBDIR_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(KBDIR_OBJ) $(LIBS) $(PKG_LIBS)

$(B)/bench_engine: $(B)/obj/tests/bench/bench_engine.o $(KBDIR_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(KBDIR_OBJ) $(LIBS) $(PKG_LIBS)

$(B)/cg_say: $(B)/obj/tests/bench/cg_say.o $(KBDIR_OBJ) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(KBDIR_OBJ) $(LIBS) $(PKG_LIBS)

$(B)/bench_store: $(B)/obj/tests/bench/bench_store.o $(DAEMON_LIB_OBJ) \
    $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(DAEMON_LIB_OBJ) $(LIBS) $(PKG_LIBS)

# fdatasync after an append against one in preallocated space (by hand).
$(B)/bench_fsync: tests/bench/bench_fsync.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARNINGS) -O2 -g -D_GNU_SOURCE -o $@ $<

# The WebSocket load generator and the bare lws echo baseline (make bench).
$(B)/loadgen: $(B)/obj/tests/bench/loadgen.o
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(PKG_LIBS)

$(B)/bench_echo: $(B)/obj/tests/bench/echo.o
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(PKG_LIBS)

# The crash and fault tests' LD_PRELOAD interposer; never sanitized (it
# loads before the sanitizer runtime).
$(B)/libpowerfail.so: tests/fault/powerfail.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARNINGS) -O2 -g -fPIC -shared -o $@ $< -ldl -lpthread

$(B)/notifysink: $(B)/obj/tests/tools/notifysink.o
	$(CC) $(ALL_LDFLAGS) -o $@ $<

# A transcript file's Markdown from tr_markdown() (markdown_live.test.mjs).
$(B)/mdrender: $(B)/obj/tests/tools/mdrender.o $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBS) $(PKG_LIBS)

# The tests' tools (make test), and the benchmarks' (make bench).
tools: $(B)/kbtool $(B)/notifysink $(B)/libpowerfail.so $(B)/mdrender

bench-tools: $(B)/bench_engine $(B)/cg_say $(B)/bench_store $(B)/bench_fsync \
    $(B)/loadgen $(B)/bench_echo

# libFuzzer targets (clang), one per surface that reads untrusted bytes:
# proto (the protocol decoder and the engine behind it), kb (the
# knowledge base loader), irc (what the IRC bridge reads), config
# (configuration files), verify (advisor verify: transcript, .minisig,
# public key), markdown (the transcript rendering), journal (recovery at
# start), http (Host, Origin, path, Authorization as the daemon reads
# them).  The libraries are built once with -fsanitize=fuzzer-no-link.
# `make fuzz` runs each for FUZZ_SECONDS (tests/fuzz/run.sh); make test
# runs each for a few seconds.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_TARGETS  = proto kb irc config verify markdown journal http webhook
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -g -O1 $(FUZZ_SAN) -Wall -Werror \
                -DADVISORD_VERSION='"$(VERSION)"' \
                -DADVISORD_DEFAULT_KB='"$(DEFAULT_KB)"' $(INCLUDES) \
                $(PKG_CFLAGS)
FUZZ_LIB_SRC  = $(LIB_SRC) $(KNOWLEDGE_SRC) $(PROTOCOL_SRC) \
                $(filter-out daemon/main.c,$(DAEMON_SRC))
FUZZ_LIB_OBJ  = $(FUZZ_LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_HDRS     = $(wildcard lib/*.h knowledge/*.h protocol/*.h daemon/*.h)
FUZZ_FLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_KB_SRC   = $(LIB_SRC) $(KNOWLEDGE_SRC) tests/fuzz/fuzz_kb.c

build/fuzz/obj/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# The loader needs nothing above knowledge/: its own include paths.
build/fuzz/fuzz_kb: $(FUZZ_KB_SRC) $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE $(FUZZ_FLAGS) $(LAYER_knowledge) \
	    $(PKG_CFLAGS) -o $@ $(FUZZ_KB_SRC) $(PKG_LIBS)

# What the IRC bridge reads from the server, and its line splitting.
FUZZ_IRC_SRC  = clients/irc/irc.c clients/irc/split.c clients/irc/tconn.c \
                tests/fuzz/fuzz_irc.c
build/fuzz/fuzz_irc: $(FUZZ_IRC_SRC) $(wildcard clients/irc/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE $(FUZZ_FLAGS) -Iclients/irc \
	    $(PKG_CFLAGS) -o $@ $(FUZZ_IRC_SRC) $(PKG_LIBS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ) $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) \
	    $(PKG_LIBS)

fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_TARGETS)

deps:
	@tests/deps.sh test

deps-run:
	@tests/deps.sh run

# `make run` builds on every core (nproc) unless make was given -j itself:
# the build's dependencies are complete, so a parallel build is safe.
NPROC != nproc 2>/dev/null || echo 1
RUN_JOBS = $(if $(filter -j% --jobserver%,$(MAKEFLAGS)),,-j$(NPROC))

run:
	@tests/deps.sh run
	@$(MAKE) --no-print-directory $(RUN_JOBS) $(RUN_TARGETS)
	exec $(B)/advisord $(ARGS)

test check:
	@tests/deps.sh test
	@$(MAKE) --no-print-directory all unit
	@B=$(B) tests/run.sh

# Every evaluation set through a live daemon over WebSocket: per-set
# figures and failures (tests/eval/run.mjs; report in build/eval/).
# Long runs kept out of make test: many clients for SOAK_SECONDS (default
# 600: conversations, abandons, hoarding, resumes and bad input; fails on
# RSS growth after warm-up, a state directory over budget, or a transcript
# that does not verify), then power loss and SIGKILL, 200 rounds each.
.PHONY: soak
SOAK_SECONDS ?= 600
soak:
	@tests/deps.sh test
	@$(MAKE) --no-print-directory all
	@B=$(B) SOAK_SECONDS=$(SOAK_SECONDS) node tests/soak/soak.mjs
	B=$(B) POWERLOSS_ROUNDS=$${POWERLOSS_ROUNDS:-200} \
	    CRASH_ROUNDS=$${CRASH_ROUNDS:-200} node --test \
	    tests/blackbox/powerloss.test.mjs tests/blackbox/crash.test.mjs
	B=$(B) node --test tests/soak/pg_cluster.test.mjs
	B=$(B) node tests/eval/isolation.mjs --seeds 1,2,3,4,5
	B=$(B) tests/soak/memcheck.sh

# The engine under memcheck: every eval question, then every eval
# conversation turn by turn (build/cg_say); any read of an unset value
# fails (the class of round 50's understand_step_forget() bug).
.PHONY: memcheck-engine
memcheck-engine: $(B)/cg_say
	valgrind --tool=memcheck --error-exitcode=9 --track-origins=yes \
	    $(B)/cg_say knowledge/rust-vs-go-2026 $$(ls tests/eval/*questions*.json \
	    tests/eval/heldout[23]/questions.json tests/eval/*conversations*.json \
	    tests/eval/heldout[23]/conversations.json 2>/dev/null)

.PHONY: eval
eval:
	@tests/deps.sh test
	@$(MAKE) --no-print-directory all
	@B=$(B) node tests/eval/run.mjs --json $(B)/eval/report.json

bench:
	@tests/deps.sh test
	@$(MAKE) --no-print-directory all bench-tools
	@B=$(B) tests/bench/run.sh

# The browser tests compare their screenshots with the baselines in
# tests/browser/baselines; after an intended change of the page, rewrite
# them from this run (then look at them, and commit them).
.PHONY: update-baselines
update-baselines:
	@tests/deps.sh test
	@$(MAKE) --no-print-directory all
	UPDATE_BASELINES=1 B=$(B) node --test tests/browser/screens.test.mjs

install: $(RUN_TARGETS)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/knowledge \
	    $(DESTDIR)$(DATADIR)/web
	cp -f $(B)/advisord $(B)/advisor $(B)/advisor-irc $(DESTDIR)$(BINDIR)/
	chmod 755 $(DESTDIR)$(BINDIR)/advisord $(DESTDIR)$(BINDIR)/advisor \
	    $(DESTDIR)$(BINDIR)/advisor-irc
	cp -R knowledge/$(DEFAULT_KB) $(DESTDIR)$(DATADIR)/knowledge/
	cp -R $(WEB_OUT)/. $(DESTDIR)$(DATADIR)/web/
	rm -f $(DESTDIR)$(DATADIR)/web/.built
	mkdir -p $(DESTDIR)$(UNITDIR)
	sed -e 's#^ExecStart=/usr/local/bin/#ExecStart=$(BINDIR)/#' \
	    -e 's# /etc/advisord/# $(SYSCONFDIR)/advisord/#' \
	    -e 's#:/etc/advisord/#:$(SYSCONFDIR)/advisord/#' \
	    systemd/advisord.service > $(DESTDIR)$(UNITDIR)/advisord.service
	cp -f systemd/advisord.socket $(DESTDIR)$(UNITDIR)/advisord.socket
	mkdir -p $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8
	cp -f man/advisor.1 $(DESTDIR)$(MANDIR)/man1/
	cp -f man/advisor-irc.1 $(DESTDIR)$(MANDIR)/man1/
	cp -f man/advisord.conf.5 $(DESTDIR)$(MANDIR)/man5/
	cp -f man/advisord.8 $(DESTDIR)$(MANDIR)/man8/
	# the commented default configuration; an edited one is kept
	mkdir -p $(DESTDIR)$(SYSCONFDIR)/advisord
	[ -f $(DESTDIR)$(SYSCONFDIR)/advisord/advisord.conf ] || \
	    sed 's#/usr/local/#$(PREFIX)/#' contrib/advisord.conf \
	    > $(DESTDIR)$(SYSCONFDIR)/advisord/advisord.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/advisord $(DESTDIR)$(BINDIR)/advisor \
	    $(DESTDIR)$(BINDIR)/advisor-irc
	rm -f $(DESTDIR)$(UNITDIR)/advisord.service \
	    $(DESTDIR)$(UNITDIR)/advisord.socket
	rm -f $(DESTDIR)$(MANDIR)/man1/advisor.1 \
	    $(DESTDIR)$(MANDIR)/man1/advisor-irc.1 \
	    $(DESTDIR)$(MANDIR)/man5/advisord.conf.5 \
	    $(DESTDIR)$(MANDIR)/man8/advisord.8
	@echo "kept $(DESTDIR)$(SYSCONFDIR)/advisord (your configuration)"
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
