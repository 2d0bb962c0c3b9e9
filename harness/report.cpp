#include "report.hpp"

#include <fcntl.h>
#include <omp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>

#include "build_info.hpp"
#include "harness/interrupt.hpp"
#include "harness/plugins.hpp"

namespace conv1d {

using nlohmann::json;

json peaks_json(const PeakTable& peaks) {
    json isas = json::object();
    for (const IsaPeak& p : peaks.isas) {
        json e = {{"available", p.available},
                  {"flop_per_cycle_per_core", p.flop_per_cycle_per_core},
                  {"measured_gflops", p.measured_gflops},
                  {"nominal_gflops", p.nominal_gflops}};
        if (!p.available) e["reason"] = p.reason;
        isas[to_string(p.isa)] = e;
    }
    return {{"threads", peaks.threads}, {"fma_implied_ghz", peaks.fma_implied_ghz}, {"isas", isas}};
}

namespace {

// The other oneDNN builds of the run (harness/plugins.hpp), by backend name: {"onednn-3.2": "3.2.0"}.
json plugin_versions() {
    json versions = json::object();
    for (const LoadedPlugin& plugin : plugins().loaded) versions[plugin.backend->name()] = plugin.running_version;
    return versions;
}

}  // namespace

json context_json(const SystemInfo& sys, const PeakTable& peaks) {
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return {{"schema", kSchema},
            {"date", date},
            {"host", sys.host},
            {"cpu_model", sys.cpu_model},
            {"isa_features", feature_list(sys.features)},
            {"logical_cpus", sys.logical_cpus},
            {"threads", peaks.threads},
            {"caches_bytes", {{"l1d", sys.l1d_bytes}, {"l2", sys.l2_bytes}, {"l3", sys.l3_bytes}}},
            {"nominal_ghz", sys.nominal_ghz},
            {"nominal_ghz_source", sys.nominal_ghz_source},
            {"measured_ghz", peaks.fma_implied_ghz},
            {"peaks", peaks_json(peaks)},
            {"compiler", kCompiler},
            {"compiler_flags", kCompilerFlags},
            {"libxsmm_version", kLibxsmmVersion},
            {"onednn_version", kOnednnVersion},
            {"onednn_plugins", plugin_versions()},
            {"git_commit", kGitCommit}};
}

json record_json(const Record& r) {
    const Problem& p = r.problem;
    json params = json::object();
    for (const auto& [k, v] : r.params) params[k] = v;
    json j = {{"descriptor", p.descriptor()},
              {"name", p.name},
              {"N", p.N}, {"C", p.C}, {"K", p.K}, {"W", p.W}, {"Q", p.Q()}, {"S", p.S}, {"d", p.d},
              {"pass", to_string(p.pass)},
              {"dt", to_string(p.dt)},
              {"backend", r.backend},
              {"role", to_string(r.role)},
              {"threads", r.threads},
              {"impl", r.impl},
              {"isa", to_string(r.isa)},
              {"status", to_string(r.status)},
              {"reason", r.reason},
              {"verification", {{"verified", r.verified},
                                {"checked", r.verdict.checked},
                                {"mismatches", r.verdict.mismatches},
                                {"zero_outputs", r.verdict.zeros},
                                {"first_mismatches", r.verdict.first}}},
              {"flops", p.flops()},
              {"params", params},
              {"reorder_ms", r.reorder_ms}};
    if (r.timed) {
        j["time_ms"] = {{"min", r.timing.min_ms},
                        {"median", r.timing.median_ms},
                        {"max", r.timing.max_ms},
                        {"samples", r.timing.samples}};
        j["repetitions"] = r.timing.repetitions;
        j["iterations_per_repetition"] = r.timing.iterations;
        j["gflops"] = r.gflops;
        j["peak_isa"] = to_string(r.isa);
        // null, not 0, where this CPU has no peak for the kernel's ISA (or the reference, which has none)
        auto or_null = [](double v) { return v > 0 ? json(v) : json(nullptr); };
        j["peak_gflops"] = or_null(r.peak_gflops);
        j["pct_peak"] = or_null(r.pct_peak);
        j["nominal_peak_gflops"] = or_null(r.nominal_peak_gflops);
        j["pct_nominal_peak"] = or_null(r.pct_nominal_peak);
        if (!r.peak_flag.empty()) j["peak_flag"] = r.peak_flag;
    } else {
        j["time_ms"] = nullptr;
        j["gflops"] = nullptr;
        j["pct_peak"] = nullptr;
        j["pct_nominal_peak"] = nullptr;
    }
    return j;
}

std::string record_key(const json& r) {
    Problem p = Problem::parse(r.at("descriptor").get<std::string>(), parse_data_type(r.at("dt")),
                               parse_pass(r.at("pass")));
    // get<int>() of a number beyond int (1e300) is undefined behaviour: only a positive int is a thread count.
    const json& threads = r.at("threads");
    if (!threads.is_number_integer() || threads < 1 || threads > std::numeric_limits<int>::max())
        throw UsageError("a record's threads must be a positive integer, not " + threads.dump());
    return record_key(p, r.at("backend").get<std::string>(), threads.get<int>());
}

JsonlRecords read_jsonl_records(std::istream& in) {
    JsonlRecords out;
    std::string line;
    while (std::getline(in, line)) {
        const bool terminated = !in.eof();  // getline stopped at a newline, not at the end of the file
        if (out.dropped == 0 && terminated) {
            if (line.empty()) {
                out.kept_bytes += 1;
                continue;
            }
            try {
                json r = json::parse(line);
                record_key(r);  // a record the run can skip by: descriptor, dt, pass, backend, threads
                out.records.push_back(std::move(r));
                out.kept_bytes += line.size() + 1;
                continue;
            } catch (const json::exception&) {
            } catch (const UsageError&) {
            }
        }
        if (!line.empty()) ++out.dropped;
    }
    return out;
}

namespace {

[[noreturn]] void write_failed(const std::string& path, int error, const std::string& consequence) {
    throw UsageError("writing '" + path + "' failed: " + std::strerror(error) +
                     (error == ENOSPC || error == EDQUOT || error == EFBIG ? " (is the disk full?)" : "") + "; " +
                     consequence);
}

// write(2) until all is written; the errno of the failure, or 0.
int write_all(int fd, const std::string& text) {
    for (size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : EIO;
        done += size_t(n);
    }
    return 0;
}

}  // namespace

void check_results_path(const std::string& path) {
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".json") != 0)
        throw UsageError("--out '" + path + "' must end in .json (records stream to a .jsonl beside it)");
}

ResultsWriter::ResultsWriter(std::string path, bool resume) : path_(std::move(path)), jsonl_path_(path_ + "l") {
    check_results_path(path_);
    JsonlRecords kept;
    {
        std::ifstream in(jsonl_path_);
        kept = read_jsonl_records(in);
    }
    if (resume) {
        records_ = std::move(kept.records);
        for (const json& r : records_) keys_.insert(record_key(r));
        const std::string dropped = kept.dropped == 0   ? ""
                                    : kept.dropped == 1 ? ", dropped a torn last line"
                                                        : ", dropped " + std::to_string(kept.dropped) +
                                                              " lines from the first unreadable one on";
        std::fprintf(stderr, "conv1d-bench: --resume: kept %zu record(s) of %s%s\n", records_.size(),
                     jsonl_path_.c_str(), dropped.c_str());
    } else if (!kept.records.empty()) {
        std::fprintf(stderr, "conv1d-bench: starting %s afresh: it held %zu record(s) of an earlier run (--resume keeps them)\n",
                     jsonl_path_.c_str(), kept.records.size());
    }
    // Kept records stay where they are: the file is only cut after them (a killed run's torn line goes),
    // so a run killed right here loses nothing.
    // Beyond a file-size limit (ulimit -f) a write then fails with EFBIG, reported as above, rather than
    // the kernel's SIGXFSZ killing the process mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
    UninterruptedWrite whole;
    jsonl_fd_ = ::open(jsonl_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (jsonl_fd_ < 0 || ::ftruncate(jsonl_fd_, off_t(resume ? kept.kept_bytes : 0)) != 0)
        throw UsageError("cannot write '" + jsonl_path_ + "': " + std::strerror(errno) +
                         " (check that the directory exists and is writable)");
    interrupt_set_records_kept(records_.size());
}

ResultsWriter::~ResultsWriter() {
    if (jsonl_fd_ >= 0) ::close(jsonl_fd_);
}

bool ResultsWriter::has(const std::string& key) const { return keys_.count(key) > 0; }

void ResultsWriter::add(const json& record) {
    const std::string line = record.dump() + '\n';
    UninterruptedWrite whole;
    // A deleted file (its folder removed, its file system unmounted) would take writes and lose them.
    struct stat st {};
    if (::fstat(jsonl_fd_, &st) != 0 || st.st_nlink == 0)
        throw UsageError("'" + jsonl_path_ + "' vanished during the run (deleted, or its file system unmounted); " +
                         std::to_string(records_.size()) + " record(s) were in it");
    const off_t before = ::lseek(jsonl_fd_, 0, SEEK_END);
    if (const int error = write_all(jsonl_fd_, line)) {
        // Cut off the part of the line that made it, so what was streamed before stays readable.
        if (before >= 0 && ::ftruncate(jsonl_fd_, before) != 0) {
            // nothing better to do: the next --resume drops the torn line
        }
        write_failed(jsonl_path_, error,
                     std::to_string(records_.size()) + " record(s) before it are kept there (--resume goes on from them)");
    }
    records_.push_back(record);
    keys_.insert(record_key(record));
    interrupt_set_records_kept(records_.size());
}

void ResultsWriter::finish(const json& context) {
    const std::string text = json{{"context", context}, {"records", records_}}.dump(1) + '\n';
    const std::string tmp = path_ + ".tmp";
    const std::string consequence = path_ + " was not written; the " + std::to_string(records_.size()) +
                                    " record(s) are in " + jsonl_path_ + " (--resume writes it from them)";
    UninterruptedWrite whole;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) write_failed(tmp, errno, consequence);
    // fsync, so that a file system that allocates late reports a full disk here rather than after the rename.
    int error = write_all(fd, text);
    if (!error && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && !error) error = errno;
    if (error) {
        ::unlink(tmp.c_str());
        write_failed(tmp, error, consequence);
    }
    if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
        const int why = errno;
        ::unlink(tmp.c_str());
        throw UsageError("cannot rename '" + tmp + "' to '" + path_ + "': " + std::strerror(why) + "; " + consequence);
    }
}

}  // namespace conv1d
