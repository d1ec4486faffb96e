#!/usr/bin/env bash
# The hostile probe of issue 10, repeatable: every reproduction of the issue's "Why" section run
# against a built `tandem`, each outcome checked. Prints one line per case and a summary; exits 1
# when any case fails.
#
# usage: Tests/probe/probe.sh [TANDEM_BINARY] [--fast]
#   TANDEM_BINARY  default .build/release/tandem
#   --fast         skip the slow cases (the 400 KB team name, 40 concurrent runs, signals)
# Everything is written under a temporary folder, removed afterwards.
set -u
T=${1:-.build/release/tandem}
FAST=0
[ "${2:-}" = "--fast" ] && FAST=1
[ "${1:-}" = "--fast" ] && { FAST=1; T=.build/release/tandem; }
[ -x "$T" ] || { echo "probe: no tandem binary at $T (swift build -c release --product tandem)" >&2; exit 64; }
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/Examples/Brightwell
W=$(mktemp -d "${TMPDIR:-/tmp}/tandem-probe.XXXXXX")
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 70
cp "$B/plan.yaml" plan.yaml
mkdir actuals && cp "$B"/actuals/*.csv actuals/

PASS=0
FAILED=0
FAILS=()
report() { # name, ok(0/1), detail
    if [ "$2" = 0 ]; then
        PASS=$((PASS + 1))
        printf 'PASS  %-46s %s\n' "$1" "$3"
    else
        FAILED=$((FAILED + 1))
        FAILS+=("$1")
        printf 'FAIL  %-46s %s\n' "$1" "$3"
    fi
}

# run NAME EXPECTED_EXIT PATTERN CMD...: the command exits EXPECTED_EXIT within 60 s (never by a
# signal) and its combined output matches the extended regular expression PATTERN.
run() {
    local name=$1 want=$2 pattern=$3
    shift 3
    timeout 60 "$@" > out.txt 2>&1
    local rc=$?
    local first
    first=$(grep -m1 -E 'error' out.txt | cut -c1-110)
    [ -n "$first" ] || first=$(head -1 out.txt | cut -c1-110)
    if [ "$rc" != "$want" ]; then
        report "$name" 1 "exit $rc, expected $want: $first"
    elif ! grep -qE -- "$pattern" out.txt; then
        report "$name" 1 "exit $rc but output lacks /$pattern/: $first"
    else
        report "$name" 0 "exit $rc: $first"
    fi
}

# variant FILE FROM TO: plan.yaml with the first FROM replaced by TO (a literal string), as FILE.
variant() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
out, a, b = sys.argv[1:4]
s = open("plan.yaml", encoding="utf-8").read()
assert a in s, a
open(out, "w", encoding="utf-8").write(s.replace(a, b, 1))
EOF
}

LOC='[A-Za-z0-9_.-]+\.yaml:[0-9]+:[0-9]+: error:'

# bad_plan NAME FROM TO [EXTRA]: `validate` of plan.yaml with FROM replaced by TO exits 1 with an
# error at a line and column of the changed plan, followed by /EXTRA/.
bad_plan() {
    variant p-case.yaml "$2" "$3"
    run "$1" 1 "$LOC${4:-}" "$T" validate p-case.yaml
}

# bad_actuals NAME FILE EXTRA CONTENT [OPTION...]: `validate` with FILE holding CONTENT (a printf
# format) exits 1 with an error at FILE's bad row (line 2; line 1 for JSON), followed by /EXTRA/.
bad_actuals() {
    local name=$1 file=$2 extra=$3 content=$4
    shift 4
    mkdir -p "$(dirname "$file")"
    # shellcheck disable=SC2059
    printf "$content" > "$file"
    local line=2
    case $file in *.json) line=1 ;; esac
    local base
    base=$(basename "$file" | sed 's/\./\\./g')
    run "$name" 1 "$base:$line(:[0-9]+)?: error:$extra" "$T" validate plan.yaml --actuals "$file" "$@"
}
ALOC='\.(csv|json):[0-9]+(:[0-9]+)?: error:'

echo "== crashes and hangs: huge numbers"
bad_plan "plan count target 1e19" "target: 3600" "target: 1e19" ".*scientific notation"
bad_plan "plan currency target \$1e19" 'target: $4.2M' 'target: $1e19' ".*limit of ±1e15"
bad_plan "plan revenue_target \$1e30" 'revenue_target: $4.2M' 'revenue_target: $1e30'
bad_plan "plan rate 1e-300" "rate: 30%" "rate: 1e-300"
bad_plan "plan at_least 1e20" "at_least: 600" "at_least: 1e20"
bad_plan "plan at_least, a 22-digit integer" "at_least: 600" "at_least: 1000000000000000000000" ".*limit of ±1e15"
variant p-phasing.yaml "        target: 3600
" "        target: 3600
        phasing: {2026-07: 1e20}
"
run "plan phasing 1e20" 1 "$LOC" "$T" validate p-phasing.yaml
bad_actuals "actuals CSV 1e20" big/wide.csv "" 'period,leads,mqls\n2026-07,1e20,600\n'
bad_actuals "actuals CSV 30-digit integer" big/digits.csv "" 'period,leads,mqls\n2026-07,123456789012345678901234567890,600\n'
bad_actuals "actuals JSON 1e20" big/huge.json "" \
    '{"tandem": 1, "observations": [{"period": "2026-07", "metric": "leads", "value": 1e20}]}\n'
bad_actuals "actuals JSON 30-digit integer" big/digits.json "" \
    '{"tandem": 1, "observations": [{"period": "2026-07", "metric": "leads", "value": 123456789012345678901234567890}]}\n'
mkdir -p big num
printf 'period,leads,mqls\n2026-07,999999999999999,600\n' > big/ceiling.csv
run "actuals at the ceiling 999999999999999" 0 "" "$T" digest plan.yaml --actuals big/ceiling.csv

echo "== crashes and hangs: long team names"
long_name() { # FILE LENGTH
    python3 - "$1" "$2" <<'EOF'
import sys
out, n = sys.argv[1], int(sys.argv[2])
s = open("plan.yaml", encoding="utf-8").read()
s = s.replace("name: Marketing\n", "name: " + "M" * n + "\n", 1)
open(out, "w", encoding="utf-8").write(s)
EOF
}
timed() { # NAME LIMIT_SECONDS CMD...: exit 0 within LIMIT seconds
    local name=$1 limit=$2
    shift 2
    local start end rc
    start=$(date +%s.%N)
    timeout 120 "$@" > out.txt 2>&1
    rc=$?
    end=$(date +%s.%N)
    local secs
    secs=$(python3 -c "print(f'{$end - $start:.2f}')")
    if [ "$rc" = 0 ] && python3 -c "import sys; sys.exit(0 if $secs <= $limit else 1)"; then
        report "$name" 0 "exit 0 in ${secs} s (limit ${limit} s)"
    else
        report "$name" 1 "exit $rc in ${secs} s (limit ${limit} s): $(head -c 100 out.txt)"
    fi
}
long_name p-long40k.yaml 40000
timed "digest, 40,000-character team name" 5 "$T" digest p-long40k.yaml --actuals actuals
if [ "$FAST" = 0 ]; then
    long_name p-long400k.yaml 400000
    timed "digest, 400 KB team name" 10 "$T" digest p-long400k.yaml --actuals actuals
    mkdir -p out-long
    timed "review (all formats), 400 KB team name" 20 "$T" review p-long400k.yaml --actuals actuals --out out-long
fi

echo "== outputs lost, damaged or clobbered"
sums() { (cd "$1" && sha256sum tandem-2026-11.* 2>/dev/null | sort) }
# A rename that fails mid-commit (its target is a non-empty folder) leaves the earlier set.
mkdir -p out-rename
"$T" review plan.yaml --actuals actuals --out out-rename > /dev/null 2>&1
rm out-rename/tandem-2026-11.md && mkdir -p out-rename/tandem-2026-11.md/keep
before=$(sums out-rename)
sed 's/^2026-11,2390,745,3$/2026-11,2391,746,3/' actuals/marketing-automation.csv > ma.csv
mkdir -p actuals2 && cp actuals/crm-export.csv actuals2/ && cp ma.csv actuals2/marketing-automation.csv
run "rename fails mid-commit: exit 74" 74 "tandem-2026-11\.md" "$T" review plan.yaml --actuals actuals2 --out out-rename
after=$(sums out-rename)
leftover=$(find out-rename -name '.tandem-*' | head -3)
[ "$before" = "$after" ] && [ -z "$leftover" ]
report "rename fails mid-commit: earlier set intact" $? "$(echo "$after" | wc -l) files unchanged, leftovers: ${leftover:-none}"

# Symlinks planted at old temp names and at the final names never redirect a write.
mkdir -p out-link
echo victim > victim.txt
for pid in $(seq $(($$ + 1)) $(($$ + 400))); do
    for ext in xlsx txt md json csv; do ln -s "$W/victim.txt" "out-link/.tandem-2026-11.$ext.tmp-$pid-0" 2>/dev/null; done
done
ln -s "$W/victim.txt" out-link/tandem-2026-11.txt
"$T" review plan.yaml --actuals actuals --out out-link > out.txt 2>&1
rc=$?
[ "$rc" = 0 ] && [ "$(cat victim.txt)" = victim ] && [ ! -L out-link/tandem-2026-11.txt ]
report "planted symlinks at temp and final names" $? "exit $rc, victim $(cat victim.txt | head -c 20)"

# Two concurrent runs into one folder always leave one complete set.
mkdir -p ref-a ref-b
"$T" review plan.yaml --actuals actuals --out ref-a > /dev/null 2>&1
"$T" review plan.yaml --actuals actuals2 --out ref-b > /dev/null 2>&1
A=$(sums ref-a)
Bs=$(sums ref-b)
pairs=40
[ "$FAST" = 1 ] && pairs=5
mixed=0
for i in $(seq 1 $pairs); do
    d=out-race-$i
    mkdir -p "$d"
    "$T" review plan.yaml --actuals actuals --out "$d" > /dev/null 2>&1 &
    "$T" review plan.yaml --actuals actuals2 --out "$d" > /dev/null 2>&1 &
    wait
    s=$(sums "$d")
    if [ "$s" != "$A" ] && [ "$s" != "$Bs" ]; then mixed=$((mixed + 1)); fi
    if find "$d" -name '.tandem-stage-*' | grep -q .; then mixed=$((mixed + 1)); fi
    rm -rf "$d"
done
[ "$mixed" = 0 ]
report "two concurrent runs into one --out (x$pairs)" $? "$mixed mixed or unclean sets"

# Standard output that cannot be written is exit 74 with a message.
FULL=(bash -c 'exec "$@" > /dev/full' full)
if [ -w /dev/full ]; then
    run "digest > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" digest plan.yaml --actuals actuals
    run "validate > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" validate plan.yaml --actuals actuals
    run "plan > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" plan plan.yaml
    mkdir -p out-full
    run "review summary > /dev/full" 74 "cannot write to standard output" \
        "${FULL[@]}" "$T" review plan.yaml --actuals actuals --out out-full
fi

# Past `ulimit -f` the write fails with a message (no SIGXFSZ death), leaving no temp files.
mkdir -p out-ulimit
( ulimit -f 20; "$T" review plan.yaml --actuals actuals --out out-ulimit ) > out.txt 2>&1
rc=$?
left=$(find out-ulimit -mindepth 1 | head -3)
[ "$rc" = 74 ] && grep -q "error:" out.txt && [ -z "$left" ]
report "ulimit -f 20" $? "exit $rc: $(grep -m1 error out.txt | cut -c1-80); left: ${left:-nothing}"

# SIGINT / SIGTERM / SIGHUP mid-write: the run's staging folder is removed, the earlier set kept.
if [ "$FAST" = 0 ]; then
    python3 - <<'EOF'
import random
random.seed(7)
with open("big-actuals.csv", "w") as f:
    f.write("period,metric,value,team,segment\n")
    for m in range(7, 12):
        for s in range(60000):
            f.write(f"2026-{m:02d},leads,{random.randint(0, 9)},marketing,s{s}\n")
EOF
    for sig in INT TERM HUP; do
        d=out-sig-$sig
        mkdir -p "$d"
        "$T" review plan.yaml --actuals actuals --out "$d" > /dev/null 2>&1
        before=$(sums "$d")
        "$T" review plan.yaml --actuals big-actuals.csv --out "$d" > out.txt 2>&1 &
        pid=$!
        sleep 1.5
        kill -s "$sig" "$pid"
        wait "$pid"
        rc=$?
        after=$(sums "$d")
        left=$(find "$d" -name '.tandem-*' | head -3)
        case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
        { [ "$rc" = "$want" ] || [ "$rc" = 0 ]; } && [ -z "$left" ] \
            && { [ "$before" = "$after" ] || [ "$rc" = 0 ]; }
        report "SIG$sig mid-run" $? "exit $rc (want $want), leftovers: ${left:-none}"
    done
fi

# The plan name in docProps: control characters, U+FFFE and `_x0041_` give a valid workbook.
python3 - <<'EOF'
s = open("plan.yaml", encoding="utf-8").read()
s = s.replace("name: Brightwell FY2026 H2 shared plan", 'name: "Bright\\x01well \\uFFFE _x0041_ plan"', 1)
open("p-name.yaml", "w", encoding="utf-8").write(s)
EOF
mkdir -p out-name
"$T" review p-name.yaml --actuals actuals --out out-name --format xlsx > out.txt 2>&1
rc=$?
python3 - out-name/tandem-2026-11.xlsx > check.txt 2>&1 <<'EOF'
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
for part in z.namelist():
    if part.endswith(".xml") or part.endswith(".rels"):
        xml.dom.minidom.parseString(z.read(part))
core = z.read("docProps/core.xml").decode()
assert "_x005F_x0041_" in core, "the plan name's _x0041_ is not escaped in core.xml"
assert "\ufffe" not in core and "\x01" not in core
print("valid")
EOF
[ "$rc" = 0 ] && grep -qx valid check.txt
report "plan name with control char, U+FFFE, _x0041_" $? "exit $rc, $(tail -1 check.txt | cut -c1-80)"

echo "== silent wrong numbers"
bad_actuals "decimal comma + thousands '.': \$376000.00" num/dc.csv "" \
    'period;metric;value;team;segment\n2026-07;new_arr;$376000.00;sales;Enterprise\n' --decimal-comma --thousands .
bad_actuals "group sizes: 1,5 with --thousands ," num/g15.csv "" 'period,metric,value\n2026-07,leads,"1,5"\n' --thousands ,
bad_actuals "group sizes: 17,1 with --thousands ," num/g171.csv "" 'period,metric,value\n2026-07,leads,"17,1"\n' --thousands ,
bad_plan "plan target: 1,5" "target: 3600" "target: 1,5"
bad_plan "plan target: 3600% on a count" "target: 3600" "target: 3600%"
for sym in € £ ¥; do
    bad_actuals "$sym amount in a USD plan" num/cur.csv ".*USD" \
        "period,metric,value,team,segment\n2026-07,new_arr,${sym}376000,sales,Enterprise\n"
done
bad_actuals "subtotal row beside its segment rows" num/sub.csv ".*(total|twice)" \
    'period,metric,value,team,segment\n2026-07,sqls,244,sales,\n2026-07,sqls,171,sales,Mid-market\n2026-07,sqls,73,sales,Enterprise\n'
bad_actuals "Latin-1 byte in actuals" num/latin1.csv ".*UTF-8" 'period,metric,value,team,segment\n2026-07,sqls,171,sales,Z\xfcrich\n'
bad_actuals "truncated UTF-8 in actuals" num/utf8.csv "" 'period,metric,value,team,segment\n2026-07,sqls,171,sales,Z\xc3\n'
bad_actuals "2.31E+13 as a count" num/sci.csv "" 'period,metric,value\n2026-07,leads,2.31E+13\n'

# Strings from inputs are data in the CSV: "\n=1" is prefixed, NUL and C0 controls removed.
mkdir -p inj out-inj
cp actuals/marketing-automation.csv inj/
{
    printf 'period,metric,value,team,segment\n'
    printf '2026-07,sqls,171,sales,"\n=1+2"\n'
} > inj/crm.csv
"$T" review plan.yaml --actuals inj --out out-inj --format csv > out.txt 2>&1
rc=$?
python3 - out-inj/tandem-2026-11.csv > check.txt <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
seg = [r[4] for r in rows[1:] if r[1] == "sqls" and r[4]]
print("ok" if seg and all(s.startswith("'") for s in seg) else f"not prefixed: {seg[:2]!r}")
EOF
[ "$rc" = 0 ] && grep -q '^ok' check.txt
report "CSV injection: leading line feed \"\\n=1\"" $? "exit $rc, $(cat check.txt)"
mkdir -p jnul out-jnul
cp actuals/marketing-automation.csv jnul/
printf '{"tandem": 1, "observations": [{"period": "2026-07", "metric": "sqls", "value": 171, "team": "sales", "segment": "A\\u0000B\\u0007C"}]}\n' > jnul/crm.json
"$T" review plan.yaml --actuals jnul --out out-jnul --format csv > out.txt 2>&1
rc=$?
python3 - out-jnul/tandem-2026-11.csv > check.txt <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
bad = [c for c in data if c < 0x20 and c not in (9, 10, 13)]
print("ok" if not bad and b"ABC" in data else f"control bytes {bad[:5]}")
EOF
[ "$rc" = 0 ] && grep -q '^ok' check.txt
report "NUL and C0 controls from JSON in the CSV" $? "exit $rc, $(cat check.txt)"

echo "== memory and messages"
run "--actuals /dev/zero fails fast" 1 "/dev/zero.*(not a regular file|device)" "$T" validate plan.yaml --actuals /dev/zero
mkdir -p zero
printf 'period,leads,mqls\n2026-07,2050,0\n2026-08,2180,0\n2026-09,2240,0\n2026-10,2300,0\n2026-11,2390,0\n' > zero/ma.csv
cp actuals/crm-export.csv zero/
"$T" digest plan.yaml --actuals zero > out.txt 2>&1
rc=$?
! grep -qi "data sync: no data\|no data for 'MQLs'" out.txt
report "mqls = 0 is data, not 'no data'" $? "exit $rc"
mkdir -p out-dir-xlsx/tandem-2026-11.xlsx/keep
"$T" review plan.yaml --actuals actuals --out out-dir-xlsx > out.txt 2>&1
rc=$?
[ "$rc" = 74 ] && head -1 out.txt | grep -qE '^[^ ]*tandem-2026-11\.xlsx: error: ' \
    && ! grep -q 'workbook_close\|\[ERROR\]' out.txt
report "exit 74: Tandem's one line, not libxlsxwriter's" $? "exit $rc: $(head -1 out.txt | cut -c1-90)"
printf 'tandem: 1\nname: "Bad \xff here"\n' > p-utf8.yaml
run "invalid UTF-8 in the plan has line:col" 1 "p-utf8\.yaml:2:[0-9]+: error:" "$T" validate p-utf8.yaml
python3 -c "
s = open('plan.yaml').read().replace('title: Build a predictable pipeline together', 'title: Build ' + 'x' * 1000000 + ': a', 1)
open('p-longline.yaml', 'w').write(s)"
"$T" validate p-longline.yaml > out.txt 2>&1
rc=$?
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' out.txt)
[ "$rc" = 1 ] && [ "$longest" -le 400 ]
report "caret line cut around the column" $? "exit $rc, longest output line $longest characters"
python3 -c "print('tandem: 1\nname: ' + '[' * 10000 + ']' * 10000)" > p-deep.yaml
run "deep nesting: a plain message" 1 "p-deep\.yaml:[0-9]+(:[0-9]+)?: error:" "$T" validate p-deep.yaml
if grep -qi "libyaml\|yaml_\|Yams\." out.txt; then report "deep nesting: no libyaml internals" 1 "$(head -1 out.txt)"; fi
mkdir -p stray && cp actuals/*.csv stray/ && echo x > stray/old.xlsx
run "stray .xlsx in an actuals folder is named" 0 "old\.xlsx.*skipped" "$T" validate plan.yaml --actuals stray
run "--period outside the cycle names the plan" 1 "plan\.yaml.*error:.*(outside|cycle)" "$T" review plan.yaml --actuals actuals --period 2027-03 --out out-period
mkdir -p two
printf 'period,leads,mqls\n2026-07,x,600\n' > two/a.csv
printf 'period,leads,mqls\n2026-08,y,600\n' > two/b.csv
"$T" validate plan.yaml --actuals two > out.txt 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "a\.csv:2" out.txt && grep -q "b\.csv:2" out.txt
report "errors in two actuals files: both reported" $? "exit $rc, $(grep -c 'error:' out.txt) errors"
bad_plan "two funnel stages on one metric" "{id: mqls, name: MQLs, metric: mqls, rate: 30%}" "{id: mqls, name: MQLs, metric: leads, rate: 30%}"
bad_plan "plan rule reusing a built-in rule id" "id: mql-quality-review" "id: lead-quality" ".*lead-quality"
bad_plan "literal / 0 in a formula" "formula: sqls / mqls" "formula: sqls / 0"

echo "== hardening 3 (harden): the commit journal, decide, the previous review, streams, limits"
# Detect the test hooks of a debug build (TANDEM_TEST_CRASH_AT, TANDEM_TODAY); a release binary has none.
mkdir -p out-hook
"$T" review plan.yaml --actuals actuals --out out-hook --format txt > /dev/null 2>&1
TANDEM_TEST_CRASH_AT=journal-written "$T" review plan.yaml --actuals actuals --out out-hook --format txt > /dev/null 2>&1
rc=$?
HOOKS=0
[ "$rc" = 99 ] && HOOKS=1
rm -rf out-hook

# A FIFO at the journal's name is refused at once, never opened for reading (that would block).
mkdir -p out-fifo && mkfifo out-fifo/.tandem-journal
run "journal: a FIFO is refused, no hang" 74 "tandem-journal: error: .*FIFO" "$T" review plan.yaml --actuals actuals --out out-fifo
# A FIFO or a file at a staging folder's name is left alone; the run writes its set.
mkdir -p out-stagefifo && mkfifo "out-stagefifo/.tandem-stage-$(printf 'f%.0s' $(seq 32))"
echo keep > "out-stagefifo/.tandem-stage-$(printf 'e%.0s' $(seq 32))"
"$T" review plan.yaml --actuals actuals --out out-stagefifo --format txt > out.txt 2>&1
rc=$?
[ "$rc" = 0 ] && [ -p "out-stagefifo/.tandem-stage-$(printf 'f%.0s' $(seq 32))" ] \
    && [ "$(cat "out-stagefifo/.tandem-stage-$(printf 'e%.0s' $(seq 32))")" = keep ]
report "staging names that are not folders: left alone" $? "exit $rc"
# A planted journal naming another file deletes nothing (old format, and new format with wrong inodes).
for fmt in 1 2; do
    d=out-plant-$fmt
    st=".tandem-stage-$(printf 'a%.0s' $(seq 32))"
    mkdir -p "$d/$st/new" && chmod 700 "$d/$st" "$d/$st/new"
    echo victim > "$d/victim.txt"
    if [ $fmt = 1 ]; then
        printf 'tandem-journal 1\nstage %s\nfile victim.txt\n' "$st" > "$d/.tandem-journal"
    else
        printf 'tandem-journal 2\nstage %s\nfile 1 2 - victim.txt\n' "$st" > "$d/.tandem-journal"
    fi
    "$T" review plan.yaml --actuals actuals --out "$d" --format txt > out.txt 2>&1
    rc=$?
    [ "$(cat "$d/victim.txt" 2>/dev/null)" = victim ]
    report "journal v$fmt naming victim.txt: nothing deleted" $? "exit $rc: $(grep -m1 error out.txt | cut -c1-70)"
done
# A journal whose staging folder is a link never moves files from elsewhere into OUT.
mkdir -p out-stagelink elsewhere/old elsewhere/new
echo foreign > elsewhere/old/tandem-2026-11.txt
st=".tandem-stage-$(printf 'b%.0s' $(seq 32))"
ln -s "$W/elsewhere" "out-stagelink/$st"
printf 'tandem-journal 2\nstage %s\nfile 1 2 3 tandem-2026-11.txt\n' "$st" > out-stagelink/.tandem-journal
"$T" review plan.yaml --actuals actuals --out out-stagelink --format txt > out.txt 2>&1
rc=$?
[ "$rc" = 74 ] && [ -f elsewhere/old/tandem-2026-11.txt ] && [ ! -e out-stagelink/tandem-2026-11.txt ] \
    && grep -q "symbolic link" out.txt
report "journal whose stage is a link: refused" $? "exit $rc: $(grep -m1 error out.txt | cut -c1-70)"
# Another user's journal (root can plant one as nobody) is refused, not acted on.
if [ "$(id -u)" = 0 ]; then
    mkdir -p out-foreign
    printf 'tandem-journal 2\nstage .tandem-stage-%s\n' "$(printf 'c%.0s' $(seq 32))" > out-foreign/.tandem-journal
    chown 65534 out-foreign/.tandem-journal
    run "journal of another user: refused" 74 "another user" "$T" review plan.yaml --actuals actuals --out out-foreign
fi
# A read-only --out names the file asked for, not the staging folder.
mkdir -p out-ro && chmod 555 out-ro
"$T" review plan.yaml --actuals actuals --out out-ro > out.txt 2>&1
rc=$?
chmod 755 out-ro
[ "$rc" = 74 ] && grep -q "out-ro/tandem-2026-11\.[a-z]*: error: cannot write" out.txt && ! grep -q tandem-stage out.txt
report "read-only --out names the final path" $? "exit $rc: $(head -1 out.txt | cut -c1-80)"
# A run killed mid-commit, then a run that fails on its input: the earlier set is restored anyway.
if [ "$HOOKS" = 1 ]; then
    mkdir -p out-kill
    "$T" review plan.yaml --actuals actuals --out out-kill > /dev/null 2>&1
    before=$(sums out-kill)
    TANDEM_TEST_CRASH_AT=placed:tandem-2026-11.txt "$T" review plan.yaml --actuals actuals2 --out out-kill > /dev/null 2>&1
    killed=$?
    "$T" review plan.yaml --actuals no-such-folder --out out-kill > /dev/null 2>&1
    rc=$?
    [ "$killed" = 99 ] && [ "$rc" = 1 ] && [ "$(sums out-kill)" = "$before" ] && [ ! -e out-kill/.tandem-journal ]
    report "killed mid-commit, then failing input: rolled back" $? "killed $killed, then exit $rc"
fi

# decide: parallel runs each land; links followed; mode kept; read-only refused; ids checked.
mkdir -p dec && cp plan.yaml dec/plan.yaml && printf 'tandem: 1\ndecisions: []  # none yet\n' > dec/decisions.yaml
(cd dec && "$T" decide 2026-11 'transition:mqls>sqls' --accept --owner marketing > ../out.txt 2>&1)
report "decide: 'decisions: []' takes an entry" $? "$(head -1 out.txt | cut -c1-80)"
for i in $(seq 1 12); do (cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales --note "run $i" > /dev/null 2>&1) & done
wait
n=$(grep -c 'note: "run' dec/decisions.yaml)
[ "$n" = 12 ]
report "decide: 12 parallel runs, 12 entries" $? "$n entries"
chmod 640 dec/decisions.yaml
(cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales > /dev/null 2>&1)
[ "$(stat -c %a dec/decisions.yaml)" = 640 ]
report "decide: the log keeps its mode" $? "mode $(stat -c %a dec/decisions.yaml)"
chmod 444 dec/decisions.yaml
before=$(sha256sum < dec/decisions.yaml)
(cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales > ../out.txt 2>&1)
rc=$?
[ "$rc" = 74 ] && [ "$(stat -c %a dec/decisions.yaml)" = 444 ] && [ "$(sha256sum < dec/decisions.yaml)" = "$before" ] \
    && grep -q "read-only" out.txt
report "decide: a read-only log is refused, left read-only" $? "exit $rc: $(head -1 out.txt | cut -c1-70)"
chmod 644 dec/decisions.yaml
mv dec/decisions.yaml dec/shared.yaml && ln -s shared.yaml dec/decisions.yaml
n=$(grep -c 'period:' dec/shared.yaml)
(cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales > ../out.txt 2>&1)
rc=$?
[ "$rc" = 0 ] && [ -L dec/decisions.yaml ] && [ "$(grep -c 'period:' dec/shared.yaml)" = $((n + 1)) ]
report "decide: a symlinked log is followed, the link kept" $? "exit $rc: $(head -1 out.txt | cut -c1-80)"
run "decide: typo'd plan:<x>:<y> refused with known ids" 1 "did you mean 'plan:content'" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:contnt:opportunities --defer --owner sales" "$T"
run "decide: unknown plan:content:<stage> refused" 1 "did you mean 'plan:content:opportunities'" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:content:opportunity --defer --owner sales" "$T"
long=$(python3 -c 'print("s" * 100000)')
run "decide: a 100,000-character owner is a usage error" 64 "at most 200" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:revenue --defer --owner \"\$1\"" "$T" "$long"
mkfifo dec/fifo.yaml
run "decide: a FIFO log is refused, no hang" 74 "fifo\.yaml: error: .*FIFO" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:revenue --defer --owner sales --decisions fifo.yaml" "$T"

# Inputs that are FIFOs or devices are refused at once by every reader (the inputs' fingerprint too).
mkfifo in-fifo.csv in-fifo.json
run "review --actuals FIFO: refused, no hang" 1 "in-fifo\.csv: error: .*not a regular file" \
    "$T" review plan.yaml --actuals in-fifo.csv --out out-fifo-in
run "review --actuals /dev/zero: refused, no hang" 1 "/dev/zero: error: .*not a regular file" \
    "$T" review plan.yaml --actuals /dev/zero --out out-fifo-in
run "--previous FIFO: refused, no hang" 1 "in-fifo\.json: error: .*not a regular file" \
    "$T" digest plan.yaml --actuals actuals --previous in-fifo.json
run "--decisions FIFO: refused, no hang" 1 "in-fifo\.csv: error: .*not a regular file" \
    "$T" digest plan.yaml --actuals actuals --decisions in-fifo.csv

# The previous review: counts range-checked, compared only when of the same plan.
mkdir -p prev
"$T" review plan.yaml --actuals actuals --period 2026-09 --out prev --format json > /dev/null 2>&1
"$T" review plan.yaml --actuals actuals --period 2026-10 --out prev --format json > /dev/null 2>&1
python3 - <<'PYEOF'
import json
d = json.load(open("prev/tandem-2026-10.json"))
assert d["sinceLastReview"]["problems"], "no problems to tamper with"
big = json.loads(json.dumps(d))
for p in big["sinceLastReview"]["problems"]: p["streak"] = 9223372036854775807
json.dump(big, open("prev-streak.json", "w"))
neg = json.loads(json.dumps(d))
neg["headline"]["counts"][0]["count"] = -3
json.dump(neg, open("prev-count.json", "w"))
other = json.loads(json.dumps(d)); other["plan"]["name"] = "Another plan"
json.dump(other, open("prev-plan.json", "w"))
eur = json.loads(json.dumps(d)); eur["plan"]["currency"] = {"code": "EUR", "symbol": "€"}
json.dump(eur, open("prev-eur.json", "w"))
PYEOF
run "previous: streak near Int64.max refused, no trap" 1 "prev-streak\.json: error: .*streak" \
    "$T" digest plan.yaml --actuals actuals --previous prev-streak.json
run "previous: negative count refused" 1 "prev-count\.json: error: .*count" \
    "$T" digest plan.yaml --actuals actuals --previous prev-count.json
cp prev-streak.json prev/tandem-2026-10.json
run "previous in OUT with a huge streak: no trap" 0 "wrote prev/tandem-2026-11\.txt" \
    "$T" review plan.yaml --actuals actuals --out prev --format txt
grep -q "cannot be compared" prev/tandem-2026-11.txt
report "previous in OUT with a huge streak: the note in the digest" $? ""
run "previous of another plan: not compared, one note" 0 "is of another plan" \
    "$T" digest plan.yaml --actuals actuals --previous prev-plan.json
! grep -qi "restated\|restatement" out.txt || ! grep -q "RESTATED" out.txt
report "previous of another plan: no restatements listed" $? ""
run "previous in another currency: not compared" 0 "in another currency \(EUR, not USD\)" \
    "$T" digest plan.yaml --actuals actuals --previous prev-eur.json

# Standard output and error that cannot be written.
if [ -w /dev/full ]; then
    run "--help > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" --help
    run "--version > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" --version
    run "completion script > /dev/full" 74 "cannot write to standard output" \
        "${FULL[@]}" "$T" --generate-completion-script bash
    run "review --help > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" review --help
    timeout 60 bash -c 'exec "$@" 2> /dev/full' x "$T" validate plan.yaml --actuals no-such-folder > /dev/null
    rc=$?
    [ "$rc" = 1 ]
    report "stderr > /dev/full: exit status kept, no trap" $? "exit $rc"
    timeout 60 bash -c 'exec "$@" > /dev/full 2> /dev/full' x "$T" digest plan.yaml --actuals actuals
    rc=$?
    [ "$rc" = 74 ]
    report "stdout and stderr both full: exit 74, no trap" $? "exit $rc"
fi
timeout 60 bash -c 'exec "$@" 2>&-' x "$T" validate plan.yaml --actuals no-such-folder > /dev/null
rc=$?
[ "$rc" = 1 ]
report "stderr closed (2>&-): exit status kept, no trap" $? "exit $rc"
timeout 60 bash -c 'exec "$@" >&- 2>/dev/null' x "$T" digest plan.yaml --actuals actuals
rc=$?
[ "$rc" = 74 ]
report "stdout closed (>&-): exit 74" $? "exit $rc"
mkdir -p out-closed
timeout 60 bash -c 'exec "$@" 2>&-' x "$T" review plan.yaml --actuals actuals --out out-closed > /dev/null
rc=$?
[ "$rc" = 0 ] && [ -s out-closed/tandem-2026-11.xlsx ]
report "review with stderr closed: the set is written" $? "exit $rc"

# Formula size: capped with a clear error, never a stack overflow.
python3 -c "
s = open('plan.yaml').read()
assert 'formula: sqls / mqls' in s
open('p-terms.yaml', 'w').write(s.replace('formula: sqls / mqls', 'formula: ' + ' + '.join(['sqls'] * 100000), 1))
open('p-terms300.yaml', 'w').write(s.replace('formula: sqls / mqls', 'formula: ' + '+'.join(['a'] * 300), 1))
open('p-parens.yaml', 'w').write(s.replace('formula: sqls / mqls', 'formula: ' + '(' * 70 + 'sqls' + ')' * 70, 1))"
run "formula of 100,000 terms: an error, no crash" 1 "$LOC formula is longer than 10000" "$T" validate p-terms.yaml
run "formula of 300 terms: more than 200 terms" 1 "$LOC formula has more than 200 terms" "$T" validate p-terms300.yaml
run "formula nested 70 deep: an error" 1 "$LOC formula nests deeper" "$T" validate p-parens.yaml

# validate refuses what review refuses: a metric from both the records and the actuals, at its line.
mkdir -p both && cp "$B"/records/actuals/*.csv both/ && printf 'period,metric,value\n2026-08,mqls,500\n' > both/extra.csv
run "validate: metric from records and actuals, at the CSV line" 1 "extra\.csv:2: error: metric 'mqls' comes from both" \
    "$T" validate "$B/records/plan.yaml" --records "$B/records" --actuals both
run "review: metric from records and actuals, at the CSV line" 1 "extra\.csv:2: error: metric 'mqls' comes from both" \
    "$T" review "$B/records/plan.yaml" --records "$B/records" --actuals both --out out-both

# The default period is the last complete one; a partial one needs --period and says so.
if [ "$HOOKS" = 1 ]; then
    TANDEM_TODAY=2026-11-20 timeout 60 "$T" digest plan.yaml --actuals actuals > out.txt 2>&1
    rc=$?
    [ "$rc" = 0 ] && grep -q "review of Oct 2026" out.txt && grep -q "Nov 2026 is not over yet" out.txt
    report "default period: the last complete one" $? "exit $rc: $(grep -m1 warning out.txt | cut -c1-70)"
    TANDEM_TODAY=2026-11-20 timeout 60 "$T" digest plan.yaml --actuals actuals --period 2026-11 > out.txt 2>&1
    rc=$?
    [ "$rc" = 0 ] && grep -q "Partial period: Nov 2026" out.txt
    report "--period on a partial period: labelled partial" $? "exit $rc"
fi

# The digest's data-quality examples are whole (they carry the file, line and id).
"$T" digest "$B/records/plan.yaml" --records "$B/records" --actuals "$B/records/actuals" --markdown > dq.md 2> /dev/null
"$T" validate "$B/records/plan.yaml" --records "$B/records" > dq.txt 2>&1
example=$(grep -m1 '^warning: ' dq.txt | sed 's/^[^,]*, e\.g\. //; s/; .*//')
[ -n "$example" ] && grep -qF -- "$example" dq.md
report "digest: data-quality examples are not cut" $? "${example:0:60}"
echo "== records (issues 21 and 22)"
# The records example: its plan, a HubSpot contacts export and a Salesforce opportunities report
# (CRLF, with its footer). Each case is a variant of one of them.
R=$B/records
mkdir -p rec
sed 's/^      file: hubspot-\*.csv$/      file: "*contacts*.csv"/' "$R/plan.yaml" > rplan.yaml
cp "$R/hubspot-contacts.csv" "$R/salesforce-opportunities.csv" rec/
run "records: the example validates" 0 "11160 leads and 515 deals" "$T" validate rplan.yaml --records rec
mkfifo rec-fifo.csv
run "records: a FIFO is refused at once" 1 "rec-fifo\.csv: error: records file is not a regular file" \
    "$T" validate rplan.yaml --records rec-fifo.csv
run "records: /dev/zero is refused at once" 1 "/dev/zero: error: records file is not a regular file" \
    "$T" validate rplan.yaml --records /dev/zero
# One bad date on the report's line 6, with CRLF (as exported), CR-only and LF line ends.
python3 - "$R/salesforce-opportunities.csv" <<'EOF2'
import re, sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
lines[5] = re.sub(r'","\d+/\d+/2026","', '","99/99/2026","', lines[5], count=1)
for name, end in (("crlf", "\r\n"), ("cr", "\r"), ("lf", "\n")):
    open(f"salesforce-{name}.csv", "w", newline="").write(end.join(lines))
EOF2
for e in crlf cr lf; do
    run "records: $e line ends count lines once" 1 "salesforce-$e\.csv:6:[0-9]+: error: 'Created Date': no such date" \
        "$T" validate rplan.yaml --records "salesforce-$e.csv"
done
# Transcoding errors at the byte's line and column.
python3 - <<'EOF2'
head = "Record ID,Create Date,Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d\r\n"
open("cp1252-contacts.csv", "wb").write(
    head.encode("cp1252")
    + b"1,2026-08-01T00:00:00Z,2026-08-02T00:00:00Z\r\n2,2026-08-01T00:00:00Z,2026-08-0\x81T00:00:00Z\r\n")
body = "Record ID,Create Date,Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d\r\n1,2026-08-01T00:00:00Z,\r\n22,"
data = b"\xff\xfe" + body.encode("utf-16-le") + b"\x00\xdc" + ",2026-08-02T00:00:00Z\r\n".encode("utf-16-le")
open("utf16-contacts.csv", "wb").write(data)
EOF2
sed 's/^      file: "\*contacts\*.csv"$/      file: "*contacts*.csv"\n      encoding: windows-1252/' rplan.yaml > rplan-1252.yaml
sed 's/^      file: "\*contacts\*.csv"$/      file: "*contacts*.csv"\n      encoding: utf-16/' rplan.yaml > rplan-16.yaml
run "records: Windows-1252 undefined byte at its line:col" 1 "cp1252-contacts\.csv:3:33: error: byte 0x81 is undefined" \
    "$T" validate rplan-1252.yaml --records cp1252-contacts.csv
run "records: UTF-16 lone surrogate at its line:col" 1 "utf16-contacts\.csv:3:4: error: invalid UTF-16" \
    "$T" validate rplan-16.yaml --records utf16-contacts.csv
# One stray quote near the top of a large file: a record cap, not the rest of the file in memory.
python3 - "$R/hubspot-contacts.csv" <<'EOF2'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = open("stray-contacts.csv", "w", encoding="utf-8")
out.write(lines[0] + "\n" + lines[1].replace(",Mid-market,", ',"Mid-market,', 1) + "\n")
for k in range(20):
    out.write("\n".join(l for l in lines[2:] if l) + "\n")
EOF2
run "records: a stray quote hits the 16 MB record cap" 1 "stray-contacts\.csv:2:[0-9]+: error: a record runs past 16 MB; is a quote left open" \
    "$T" validate rplan.yaml --records stray-contacts.csv
# Won deals without a close date or with an #N/A or empty amount: counted, never silent.
python3 - "$R/salesforce-opportunities.csv" <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
won = [i for i, l in enumerate(lines) if '"Closed Won"' in l]
a, b, c = won[:3]
lines[a] = lines[a].split('","')
lines[a][4] = ""
lines[a] = '","'.join(lines[a])
for i, amount in ((b, "#N/A"), (c, "")):
    f = lines[i].split('","'); f[5] = amount; lines[i] = '","'.join(f)
open("salesforce-gaps.csv", "w", newline="").write("\r\n".join(lines))
EOF2
run "records: won deal without a close date is counted" 0 "1 × won, no close date \(not counted\)" \
    "$T" validate rplan.yaml --records salesforce-gaps.csv
run "records: won deals with #N/A or empty amount are counted" 0 "2 × won, no amount \(revenue missing\)" \
    "$T" validate rplan.yaml --records salesforce-gaps.csv
# A doubled quote is unescaped: the segment reads Mid "M" market in every output.
sed '2s/,Mid-market,/,"Mid ""M"" market",/' "$R/hubspot-contacts.csv" > rec-quoted-contacts.csv
mkdir -p out-quoted
"$T" review rplan.yaml --records rec-quoted-contacts.csv "$R/salesforce-opportunities.csv" --format csv --out out-quoted > out.txt 2>&1
rc=$?
# In the CSV the value is quoted once: "Mid ""M"" market", never "Mid """"M"""" market".
[ "$rc" = 0 ] && ! grep -q 'Mid """"M' out-quoted/*.csv && grep -q '"Mid ""M"" market"' out-quoted/*.csv
report "records: \"Mid \"\"M\"\" market\" unescaped" $? "exit $rc"
# A file whose name matches no 'file:' pattern says so (not "the header matches no source").
cp "$R/hubspot-contacts.csv" leads-export.csv
run "records: a name outside every file pattern is said" 1 "does not match the file pattern '\*contacts\*\.csv'" \
    "$T" validate rplan.yaml --records leads-export.csv
# The standard Salesforce report has no Opportunity ID: one deal per row; id: null says so too.
python3 - "$R/salesforce-opportunities.csv" <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
out = []
for l in lines:
    f = l.split('","')
    out.append('"' + '","'.join(f[1:]) if l.startswith('"') and len(f) > 5 else l)
open("salesforce-noid.csv", "w", newline="").write("\r\n".join(out))
trunc = [l for k, l in enumerate(out) if k != 7]
open("salesforce-trunc.csv", "w", newline="").write("\r\n".join(trunc))
EOF2
# Without the October snapshot (whose deals are matched by id), deals need no id.
python3 - rplan.yaml <<'EOF2'
import sys
lines = open(sys.argv[1]).read().split("\n")
start = next(i for i, l in enumerate(lines) if "snapshot: 2026-10-31" in l) - 3
open("rplan-nosnap.yaml", "w").write("\n".join(lines[:start] + lines[start + 6:]))
EOF2
run "records: Salesforce report without Opportunity ID" 0 "0 leads and 515 deals" \
    "$T" validate rplan-nosnap.yaml --records salesforce-noid.csv
run "records: without ids, deals cannot be matched to a snapshot" 1 "salesforce-noid\.csv:1:1: error: missing column 'Opportunity ID' for field 'id'" \
    "$T" validate rplan.yaml --records salesforce-noid.csv
run "records: truncated report against its footer count" 1 "salesforce-trunc\.csv:[0-9]+:1: error: the report's footer says 515 records, but 514 rows were read" \
    "$T" validate rplan-nosnap.yaml --records salesforce-trunc.csv
sed 's/^      date_format: MM\/DD\/YYYY$/      date_format: MM\/DD\/YYYY\n      columns: {id: null}/' rplan-nosnap.yaml > rplan-null.yaml
run "records: id: null is no column named null" 0 "has no id column" "$T" validate rplan-null.yaml --records rec/salesforce-opportunities.csv
# A source without a zone, its times without offsets, a review elsewhere: a warning naming both.
sed 's/^      timezone: America\/New_York   # the exporting.*$//' rplan.yaml > rplan-nozone.yaml
run "records: an assumed zone is warned" 0 "no 'timezone:'.*America/New_York, not UTC" \
    "$T" validate rplan-nozone.yaml --records rec/salesforce-opportunities.csv

echo
echo "probe: $PASS passed, $FAILED failed"
for f in "${FAILS[@]}"; do echo "  failed: $f"; done
[ "$FAILED" = 0 ]
