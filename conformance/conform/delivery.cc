// delivery.cc: cutting messages into pieces and pacing them.
#include "delivery.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <set>

namespace degu::conform {

std::string_view delivery_name(DeliveryMode m) {
  switch (m) {
    case DeliveryMode::once:
      return "once";
    case DeliveryMode::bytes:
      return "bytes";
    case DeliveryMode::split:
      return "split";
  }
  return "once";
}

bool parse_delivery(std::string_view name, DeliveryMode* out) {
  for (DeliveryMode m : {DeliveryMode::once, DeliveryMode::bytes, DeliveryMode::split}) {
    if (name == delivery_name(m)) {
      *out = m;
      return true;
    }
  }
  return false;
}

std::vector<std::size_t> cuts_for(DeliveryMode m, std::size_t size, std::string_view seed) {
  std::vector<std::size_t> out;
  if (m == DeliveryMode::once || size < 2) {
    return out;
  }
  if (m == DeliveryMode::bytes) {
    for (std::size_t i = 1; i < size; ++i) {
      if (i <= kBytewiseEdge || i >= size - kBytewiseEdge) {
        out.push_back(i);
      }
    }
    return out;
  }
  // FNV-1a of the seed, then a xorshift stream: stable across runs and
  // platforms, so a report's cuts can be replayed.
  std::uint64_t x = 14695981039346656037ull;
  for (char c : seed) {
    x = (x ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  std::set<std::size_t> cuts;
  for (std::size_t i = 0; i < 8 * kSplitCuts && cuts.size() < std::min(kSplitCuts, size - 1);
       ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    cuts.insert(1 + static_cast<std::size_t>(x % (size - 1)));
  }
  return {cuts.begin(), cuts.end()};
}

std::string describe_cuts(DeliveryMode m, const std::vector<std::size_t>& cuts) {
  if (m == DeliveryMode::once || cuts.empty()) {
    return "at once";
  }
  if (m == DeliveryMode::bytes) {
    for (std::size_t i = 1; i < cuts.size(); ++i) {
      if (cuts[i] != cuts[i - 1] + 1) {
        return "one byte at a time but bytes " + std::to_string(cuts[i - 1]) + " to " +
               std::to_string(cuts[i] - 1) + " at once";
      }
    }
    return "one byte at a time";
  }
  std::string out = "split at";
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    out += (i ? ", " : " ") + std::to_string(cuts[i]);
  }
  return out;
}

void PacedOutput::append(std::string_view bytes, const std::vector<std::size_t>& cuts) {
  const std::size_t base = data_.size();
  if (base > 0 && (cuts_.empty() || cuts_.back() != base)) {
    cuts_.push_back(base);
  }
  data_.append(bytes);
  for (std::size_t c : cuts) {
    cuts_.push_back(base + c);
  }
}

bool PacedOutput::may_send(int fd) {
  if (empty()) {
    return false;
  }
  if (!waiting_) {
    return true;
  }
  if (domain_ < 0) {
    socklen_t len = sizeof domain_;
    if (::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain_, &len) != 0) {
      domain_ = AF_UNSPEC;
    }
  }
  const auto waited = std::chrono::steady_clock::now() - waiting_since_;
  int queued = 0;
  const bool handed_on = domain_ == AF_UNIX
                             ? ::ioctl(fd, SIOCOUTQ, &queued) != 0 || queued == 0
                             : waited >= kTcpGap;
  if (handed_on || waited >= kPieceWait) {
    waiting_ = false;
    return true;
  }
  return false;
}

long PacedOutput::send_some(int fd) {
  while (next_cut_ < cuts_.size() && cuts_[next_cut_] <= sent_) {
    ++next_cut_;  // A cut where nothing is left before it.
  }
  const std::size_t end = next_cut_ < cuts_.size() ? cuts_[next_cut_] : data_.size();
  const ssize_t n = ::send(fd, data_.data() + sent_, end - sent_, MSG_NOSIGNAL);
  if (n > 0) {
    sent_ += static_cast<std::size_t>(n);
    if (sent_ == end && next_cut_ < cuts_.size()) {
      ++next_cut_;
      waiting_ = true;
      waiting_since_ = std::chrono::steady_clock::now();
    }
  }
  return static_cast<long>(n);
}


}  // namespace degu::conform
