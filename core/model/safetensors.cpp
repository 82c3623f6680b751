// safetensors encode/decode with full validation before trust (see safetensors.h).
#include "core/model/safetensors.h"

#include "core/common/json.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace itool::model {

namespace {
struct DTypeRow
{
    DType dtype;
    const char *name;
    std::size_t size;
};
constexpr DTypeRow kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2}, {DType::I8, "I8", 1}, {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
};

// product(shape) * elementSize, or false on overflow.
bool spanBytes(const std::vector<std::int64_t> &shape, std::size_t elementSize, std::size_t &out)
{
    unsigned __int128 total = elementSize;
    for (std::int64_t d : shape) {
        if (d < 0)
            return false;
        total *= static_cast<unsigned __int128>(d);
        if (total > std::numeric_limits<std::uint64_t>::max())
            return false;
    }
    out = static_cast<std::size_t>(total);
    return true;
}
} // namespace

std::uint64_t fnv1a64(const void *data, std::size_t size, std::uint64_t hash)
{
    const auto *p = static_cast<const unsigned char *>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= p[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string_view dtypeName(DType dtype)
{
    for (const auto &row : kDTypes)
        if (row.dtype == dtype)
            return row.name;
    return "?";
}

bool dtypeFromName(std::string_view name, DType &out)
{
    for (const auto &row : kDTypes)
        if (name == row.name) {
            out = row.dtype;
            return true;
        }
    return false;
}

std::size_t dtypeSize(DType dtype)
{
    for (const auto &row : kDTypes)
        if (row.dtype == dtype)
            return row.size;
    return 0;
}

std::int64_t TensorInfo::numel() const
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

std::string encodeSafetensors(const std::vector<TensorView> &tensors, const Metadata &metadata)
{
    Json header = Json::object();
    if (!metadata.empty()) {
        Json meta = Json::object();
        for (const auto &[k, v] : metadata)
            meta[k] = v;
        header["__metadata__"] = meta;
    }
    std::size_t offset = 0;
    for (const auto &t : tensors) {
        std::size_t expected = 0;
        if (!spanBytes(t.shape, dtypeSize(t.dtype), expected) || expected != t.bytes)
            throw std::invalid_argument("safetensors: tensor " + t.name
                                        + " byte size does not match its shape and dtype");
        if (t.name.empty() || t.name == "__metadata__" || header.contains(t.name))
            throw std::invalid_argument("safetensors: bad or duplicate tensor name '" + t.name + "'");
        header[t.name] = Json{{"dtype", std::string(dtypeName(t.dtype))},
                              {"shape", t.shape},
                              {"data_offsets", Json::array({offset, offset + t.bytes})}};
        offset += t.bytes;
    }
    std::string json = header.dump();
    while (json.size() % 8 != 0)
        json.push_back(' ');
    std::string out;
    out.reserve(8 + json.size() + offset);
    const std::uint64_t n = json.size();
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    out += json;
    for (const auto &t : tensors)
        out.append(static_cast<const char *>(t.data), t.bytes);
    return out;
}

void writeSafetensors(const std::string &path, const std::vector<TensorView> &tensors,
                      const Metadata &metadata)
{
    const std::string bytes = encodeSafetensors(tensors, metadata);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError("cannot write " + tmp);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out)
            throw UserError("failed writing " + tmp + " (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        throw UserError("cannot rename " + tmp + " to " + path + ": " + ec.message());
}

SafetensorsFile SafetensorsFile::open(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw SafetensorsError("cannot read " + path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return fromBytes(std::move(buffer).str(), path);
}

SafetensorsFile SafetensorsFile::fromBytes(std::string bytes, const std::string &source)
{
    auto fail = [&](const std::string &what) -> SafetensorsError {
        return SafetensorsError(source + ": not a valid safetensors file: " + what);
    };
    if (bytes.size() < 8)
        throw fail("only " + std::to_string(bytes.size()) + " bytes, shorter than the 8-byte header length");
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    if (n > kMaxSafetensorsHeader)
        throw fail("header length " + std::to_string(n) + " exceeds the 100 MB limit");
    if (n > bytes.size() - 8)
        throw fail("header length " + std::to_string(n) + " runs past the end of the file ("
                   + std::to_string(bytes.size()) + " bytes): truncated?");
    if (n < 2 || bytes[8] != '{')
        throw fail("header does not start with a JSON object");

    Json header;
    try {
        header = Json::parse(std::string_view(bytes).substr(8, n));
    } catch (const std::exception &e) {
        throw fail(std::string("header is not valid JSON (") + e.what() + ")");
    }
    if (!header.is_object())
        throw fail("header is not a JSON object");

    SafetensorsFile file;
    file.m_source = source;
    file.m_dataStart = 8 + n;
    const std::size_t dataSize = bytes.size() - file.m_dataStart;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string &name = it.key();
        const Json &v = it.value();
        if (name == "__metadata__") {
            if (!v.is_object())
                throw fail("__metadata__ must be an object of strings");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    throw fail("__metadata__ value for '" + m.key() + "' is not a string");
                file.m_metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "': ";
        if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
            throw fail(where + "needs dtype, shape and data_offsets");
        TensorInfo info;
        if (!v["dtype"].is_string() || !dtypeFromName(v["dtype"].get<std::string>(), info.dtype))
            throw fail(where + "unknown dtype " + v["dtype"].dump());
        if (!v["shape"].is_array())
            throw fail(where + "shape is not an array");
        for (const auto &d : v["shape"]) {
            if (!d.is_number_unsigned())
                throw fail(where + "shape holds " + d.dump() + ", expected non-negative integers");
            info.shape.push_back(d.get<std::int64_t>());
        }
        const Json &off = v["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
            throw fail(where + "data_offsets must be two non-negative integers");
        const auto begin = off[0].get<std::uint64_t>();
        const auto end = off[1].get<std::uint64_t>();
        if (begin > end)
            throw fail(where + "data_offsets begin after they end");
        if (end > dataSize)
            throw fail(where + "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end)
                       + ") run past the data section (" + std::to_string(dataSize) + " bytes): truncated?");
        std::size_t expected = 0;
        if (!spanBytes(info.shape, dtypeSize(info.dtype), expected))
            throw fail(where + "shape is too large");
        if (expected != end - begin)
            throw fail(where + "shape x dtype needs " + std::to_string(expected) + " bytes but data_offsets span "
                       + std::to_string(end - begin));
        info.begin = begin;
        info.end = end;
        file.m_tensors.emplace(name, std::move(info));
    }

    std::vector<std::pair<std::size_t, const std::string *>> spans;
    for (const auto &[name, info] : file.m_tensors)
        if (info.end > info.begin)
            spans.emplace_back(info.begin, &name);
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i) {
        const auto &prev = file.m_tensors.at(*spans[i - 1].second);
        if (spans[i].first < prev.end)
            throw fail("tensors '" + *spans[i - 1].second + "' and '" + *spans[i].second + "' overlap");
    }
    file.m_bytes = std::move(bytes);
    return file;
}

std::vector<std::string> SafetensorsFile::names() const
{
    std::vector<std::string> out;
    for (const auto &[name, info] : m_tensors)
        out.push_back(name);
    return out;
}

const TensorInfo &SafetensorsFile::info(const std::string &name) const
{
    auto it = m_tensors.find(name);
    if (it == m_tensors.end())
        throw SafetensorsError(m_source + ": no tensor named '" + name + "'");
    return it->second;
}

const char *SafetensorsFile::data(const std::string &name) const
{
    return m_bytes.data() + m_dataStart + info(name).begin;
}

} // namespace itool::model
