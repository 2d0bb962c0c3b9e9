// Stopping a run with SIGINT or SIGTERM without losing what it finished: the records are appended to the
// .jsonl as each finishes, so the process can stop at once — unless it is in the middle of writing one,
// in which case it stops right after that write. On stopping it says on stderr how many records are kept
// and the command that goes on from them (--resume), and exits with 128 + the signal's number.
#pragma once

#include <cstddef>
#include <string>

namespace conv1d {

// Handles SIGINT and SIGTERM while it lives (one at a time); `jsonl` is where the finished records are.
class InterruptHandler {
public:
    explicit InterruptHandler(const std::string& jsonl);
    ~InterruptHandler();  // restores the handlers that were there before
    InterruptHandler(const InterruptHandler&) = delete;
    InterruptHandler& operator=(const InterruptHandler&) = delete;
};

// Brackets a write that must not be cut short: a signal that arrives meanwhile takes effect when it ends.
// Without an InterruptHandler it does nothing.
class UninterruptedWrite {
public:
    UninterruptedWrite();
    ~UninterruptedWrite();
    UninterruptedWrite(const UninterruptedWrite&) = delete;
    UninterruptedWrite& operator=(const UninterruptedWrite&) = delete;
};

// How many finished records the message on interruption reports.
void interrupt_set_records_kept(size_t records);

// The command that goes on from where this process stops: its own command line with --resume added.
std::string resume_command();

}  // namespace conv1d
