#pragma once
// The generator's random numbers: xoshiro256** seeded through splitmix64, both fully specified
// (https://prng.di.unimi.it/), so a seed gives the same records on every compiler and library.
// What it is not: std::uniform_*_distribution, whose results are implementation-defined.
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace itool::data {

class RandomStream
{
public:
    explicit RandomStream(std::uint64_t seed)
    {
        for (auto &word : m_state)
            word = splitMix(seed);
    }

    static std::uint64_t splitMix(std::uint64_t &x)
    {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // A stable 64-bit hash (FNV-1a) to derive seeds from text, e.g. a tool call.
    static std::uint64_t hash(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ULL)
    {
        for (unsigned char c : text) {
            h ^= c;
            h *= 0x100000001b3ULL;
        }
        return h;
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, n) by Lemire's multiply-shift with rejection (exact, no modulo bias).
    std::uint64_t below(std::uint64_t n)
    {
        if (n <= 1)
            return 0;
        for (;;) {
            const unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
            const std::uint64_t low = static_cast<std::uint64_t>(m);
            if (low >= n || low >= (0 - n) % n)
                return static_cast<std::uint64_t>(m >> 64);
        }
    }

    // Uniform integer in [lo, hi].
    int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1)); }

    // Uniform in [0, 1) from the top 53 bits: exact and portable.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    bool chance(double p) { return unit() < p; }

    template<typename T>
    const T &pick(const std::vector<T> &items) { return items[below(items.size())]; }
    template<typename T>
    T pick(std::initializer_list<T> items) { return *(items.begin() + below(items.size())); }

    // Fisher-Yates with below(): same order everywhere.
    template<typename T>
    void shuffle(std::vector<T> &items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[below(i)]);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4];
};

} // namespace itool::data
