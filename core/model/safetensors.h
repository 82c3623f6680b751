#pragma once
// The safetensors file format, written and read by us (no torch here): 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}},
// then the raw little-endian tensor bytes. A file is validated completely (header size, JSON,
// dtypes, shapes, offsets within the file, no overlaps, size == shape x dtype) before any
// tensor is handed out. What it is not: a torch bridge (see tensor_io.h) or a model loader.
#include "core/common/user_error.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace itool::model {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::string_view dtypeName(DType dtype);           // "F32", ...
bool dtypeFromName(std::string_view name, DType &out);
std::size_t dtypeSize(DType dtype);

// A corrupt, truncated or tampered file; the message names the file and what is wrong.
class SafetensorsError : public UserError
{
public:
    using UserError::UserError;
};

// One tensor to write; `data` must hold exactly product(shape) * dtypeSize(dtype) bytes.
struct TensorView
{
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const void *data = nullptr;
    std::size_t bytes = 0;
};

using Metadata = std::map<std::string, std::string>;

// Serialises to bytes (header padded with spaces to a multiple of 8, as the reference
// implementation does, so tensor data stays aligned). Throws std::invalid_argument on
// inconsistent views or duplicate names.
std::string encodeSafetensors(const std::vector<TensorView> &tensors, const Metadata &metadata = {});
// Writes atomically: a temporary file beside `path`, then rename.
void writeSafetensors(const std::string &path, const std::vector<TensorView> &tensors,
                      const Metadata &metadata = {});

struct TensorInfo
{
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::size_t begin = 0; // offsets into the data section
    std::size_t end = 0;
    std::int64_t numel() const;
};

// A whole file in memory, validated on construction.
class SafetensorsFile
{
public:
    // Throws SafetensorsError (source = the file name used in messages).
    static SafetensorsFile fromBytes(std::string bytes, const std::string &source);
    static SafetensorsFile open(const std::string &path);

    const Metadata &metadata() const { return m_metadata; }
    std::vector<std::string> names() const; // sorted
    bool contains(const std::string &name) const { return m_tensors.count(name) > 0; }
    // Throws SafetensorsError naming the tensor when absent.
    const TensorInfo &info(const std::string &name) const;
    const char *data(const std::string &name) const;
    const std::string &source() const { return m_source; }
    // The raw bytes after the header (for checksums over the whole payload).
    std::string_view dataSection() const { return std::string_view(m_bytes).substr(m_dataStart); }

private:
    std::string m_source;
    std::string m_bytes;
    std::size_t m_dataStart = 0;
    Metadata m_metadata;
    std::map<std::string, TensorInfo> m_tensors;
};

// FNV-1a 64 over bytes, continuing from `hash` (start with kFnvOffset).
inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
std::uint64_t fnv1a64(const void *data, std::size_t size, std::uint64_t hash = kFnvOffset);

// Upper bound on the JSON header, as in the reference implementation (100 MB).
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100'000'000;

} // namespace itool::model
