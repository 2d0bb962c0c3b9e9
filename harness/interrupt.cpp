#include "interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <iterator>

namespace conv1d {

namespace {

// Who may act on a signal. A signal may be delivered to any thread (OpenMP's too), so this is one atomic
// state rather than a blocked signal mask: idle -> the handler stops the process at once; writing -> the
// handler only marks the signal pending and the writer stops the process when its write ends.
enum State : int { kIdle, kWriting, kPending, kStopping };
std::atomic<int> g_state{kIdle};
std::atomic<int> g_signal{0};
std::atomic<size_t> g_records{0};
std::atomic<bool> g_installed{false};
char g_tail[8192];  // after the record count: where they are and how to go on (filled before installing)
struct sigaction g_previous_int, g_previous_term;

void say(const char* text, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(STDERR_FILENO, text, n);
        if (w <= 0) return;
        text += w, n -= size_t(w);
    }
}

// Async-signal-safe: write(2) and _exit(2) only.
[[noreturn]] void stop(int sig) {
    const char* head = sig == SIGINT ? "\nconv1d-bench: interrupted (SIGINT): " : "\nconv1d-bench: interrupted (SIGTERM): ";
    say(head, std::strlen(head));
    char digits[24];
    size_t n = 0;
    size_t v = g_records.load();
    do digits[sizeof digits - 1 - n++] = char('0' + v % 10); while ((v /= 10) > 0);
    say(digits + sizeof digits - n, n);
    say(g_tail, std::strlen(g_tail));
    _exit(128 + sig);
}

void on_signal(int sig) {
    for (;;) {
        int s = g_state.load();
        if (s == kIdle) {
            if (g_state.compare_exchange_strong(s, kStopping)) stop(sig);
        } else if (s == kWriting) {
            g_signal.store(sig);
            if (g_state.compare_exchange_strong(s, kPending)) return;
        } else {
            return;  // already pending or stopping
        }
    }
}

std::string shell_quoted(const std::string& arg) {
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                              "-_./=,:+@%") == std::string::npos)
        return arg;
    std::string quoted = "'";
    for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

}  // namespace

std::string resume_command() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string command;
    bool resumed = false;
    for (size_t start = 0; start < raw.size();) {
        const size_t end = raw.find('\0', start);
        const std::string arg = raw.substr(start, end == std::string::npos ? std::string::npos : end - start);
        resumed = resumed || arg == "--resume";
        command += (command.empty() ? "" : " ") + shell_quoted(arg);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (command.empty()) command = "conv1d-bench run ...";
    return resumed ? command : command + " --resume";
}

InterruptHandler::InterruptHandler(const std::string& jsonl) {
    const std::string tail = " finished record(s) kept in " + jsonl +
                             " (a record in flight, if any, was dropped); to go on from them:\n  " + resume_command() +
                             "\n";
    std::strncpy(g_tail, tail.c_str(), sizeof g_tail - 1);
    g_state.store(kIdle);
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaction(SIGINT, &action, &g_previous_int);
    sigaction(SIGTERM, &action, &g_previous_term);
    g_installed.store(true);
}

InterruptHandler::~InterruptHandler() {
    g_installed.store(false);
    sigaction(SIGINT, &g_previous_int, nullptr);
    sigaction(SIGTERM, &g_previous_term, nullptr);
}

UninterruptedWrite::UninterruptedWrite() {
    if (!g_installed.load()) return;
    int idle = kIdle;
    // Fails only while another thread's handler is stopping the process: wait for it to.
    while (!g_state.compare_exchange_strong(idle, kWriting)) {
        idle = kIdle;
        pause();
    }
}

UninterruptedWrite::~UninterruptedWrite() {
    if (!g_installed.load()) return;
    int writing = kWriting;
    if (g_state.compare_exchange_strong(writing, kIdle)) return;
    g_state.store(kStopping);  // a signal came during the write, which is complete now
    stop(g_signal.load());
}

void interrupt_set_records_kept(size_t records) { g_records.store(records); }

}  // namespace conv1d
