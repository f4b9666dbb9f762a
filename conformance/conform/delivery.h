// delivery.h: how the runner's bytes go out: all at once, one byte at a
// time, or split at a few sampled offsets.  The verdict of a case must not
// depend on the delivery (a reader that assumes a request arrives in one
// piece fails the other modes).
//
// Between two pieces the sender waits, so that each piece is likely to
// reach the peer's reader alone: over AF_UNIX until the peer has read the
// piece (SIOCOUTQ is 0), for at most kPieceWait; over TCP, where the
// kernel cannot tell (an acknowledgement may be delayed by tens of
// milliseconds and says nothing of the reader), for kTcpGap.  The waits
// only shape how bytes arrive; nothing is judged by time.
#pragma once

#include <time.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace degu::conform {

enum class DeliveryMode { once, bytes, split };

// delivery_name: "once", "bytes", "split"; parse_delivery: the reverse
// (false for an unknown name).
std::string_view delivery_name(DeliveryMode m);
bool parse_delivery(std::string_view name, DeliveryMode* out);

// kSplitCuts: how many offsets a split delivery cuts at.
inline constexpr std::size_t kSplitCuts = 3;

// kBytewiseEdge: a bytes delivery sends the first and the last
// kBytewiseEdge bytes one at a time and what lies between them at once,
// which bounds a case's pieces (a 32 KiB preamble would take minutes over
// TCP) while both ends of every message, where limits and terminators
// are, still go byte by byte.
inline constexpr std::size_t kBytewiseEdge = 2048;

// kPieceWait: the longest wait between two pieces; kPacingPoll: how often
// the kernel is asked meanwhile.
inline constexpr std::chrono::milliseconds kPieceWait{20};
inline constexpr std::chrono::microseconds kTcpGap{100};
inline constexpr timespec kPacingPoll{0, 20000};

// cuts_for: the offsets, ascending and inside (0, size), where a message of
// size bytes is cut: none for once, every offset within kBytewiseEdge of
// either end for bytes, kSplitCuts offsets drawn from seed for split (the
// same seed, the same cuts).
std::vector<std::size_t> cuts_for(DeliveryMode m, std::size_t size, std::string_view seed);

// describe_cuts: "at once", "one byte at a time", "one byte at a time but
// bytes 2048 to 30719 at once", "split at 3, 17, 40".
std::string describe_cuts(DeliveryMode m, const std::vector<std::size_t>& cuts);

// PacedOutput: bytes waiting to go out on a non-blocking socket, cut into
// pieces.  append adds a message with its cuts (relative to it); the
// message's start is a cut too, so a message never shares a piece with the
// one before it.
class PacedOutput {
 public:
  void append(std::string_view bytes, const std::vector<std::size_t>& cuts);
  bool empty() const { return sent_ == data_.size(); }
  // may_send: whether the next piece may go now; false while the previous
  // piece is still in the kernel and kPieceWait has not passed.
  bool may_send(int fd);
  // send_some: sends what it can of the current piece.  Returns what
  // ::send returned (errno set when negative).
  long send_some(int fd);
  // drop: forget what is left (the peer stopped reading).
  void drop() { sent_ = data_.size(); }
  // pacing: whether the output is between two pieces, waiting for the
  // kernel: a poll loop should then sleep at most kPacingPoll before it
  // asks may_send again.
  bool pacing() const { return waiting_ && !empty(); }

 private:
  std::string data_;
  std::size_t sent_ = 0;
  std::vector<std::size_t> cuts_;  // Absolute offsets in data_, ascending.
  std::size_t next_cut_ = 0;       // Index of the first cut not reached.
  bool waiting_ = false;           // At a cut, waiting for the kernel.
  int domain_ = -1;                // The socket's family, once known.
  std::chrono::steady_clock::time_point waiting_since_{};
};

}  // namespace degu::conform
