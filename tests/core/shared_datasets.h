#pragma once
// Tests that read the public datasets beside the project (ITOOL_SHARED_DATASETS, the
// ../shared/datasets of a development checkout) skip with this reason where they are absent,
// as in a newcomer's clone.
#include <QtTest>

#include <filesystem>

#define ITOOL_SKIP_WITHOUT_SHARED_DATASETS()                                                                     \
    do {                                                                                                         \
        if (!std::filesystem::is_directory(ITOOL_SHARED_DATASETS))                                               \
            QSKIP("needs the public datasets in " ITOOL_SHARED_DATASETS " (absent: a clone without ../shared)"); \
    } while (false)
