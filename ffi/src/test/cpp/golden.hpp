// Reads testdata/vectors/golden.jsonl (format in the README beside it). A small reader for
// exactly that flat format (strings, numbers, arrays of numbers), so the host test needs nothing but pkpo.h.
#ifndef PKPO_GOLDEN_HPP
#define PKPO_GOLDEN_HPP

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

struct GoldenCase
{
    std::string id;
    std::string estimator;
    int k = 0;
    std::vector<double> rewards;
    std::vector<double> expected;
    long long n = 0;
    long long c = 0;
};

class GoldenReader
{
public:
    static std::vector<GoldenCase> read(const std::string &path)
    {
        std::ifstream in(path);
        if (!in)
        {
            throw std::runtime_error("cannot open " + path);
        }
        std::vector<GoldenCase> cases;
        std::string line;
        while (std::getline(in, line))
        {
            if (line.find('{') != std::string::npos)
            {
                cases.push_back(parse(line));
            }
        }
        return cases;
    }

private:
    static GoldenCase parse(const std::string &s)
    {
        GoldenCase gc;
        size_t i = s.find('{') + 1;
        while (true)
        {
            skip(s, i);
            if (i >= s.size() || s[i] == '}')
            {
                break;
            }
            std::string key = string(s, i);
            skip(s, i);
            expect(s, i, ':');
            skip(s, i);
            if (s[i] == '"')
            {
                std::string v = string(s, i);
                if (key == "id")
                {
                    gc.id = v;
                }
                else if (key == "estimator")
                {
                    gc.estimator = v;
                }
            }
            else if (s[i] == '[')
            {
                std::vector<double> v = array(s, i);
                if (key == "rewards")
                {
                    gc.rewards = v;
                }
                else if (key == "expected")
                {
                    gc.expected = v;
                }
            }
            else
            {
                double v = number(s, i);
                if (key == "k")
                {
                    gc.k = static_cast<int>(v);
                }
                else if (key == "n")
                {
                    gc.n = static_cast<long long>(v);
                }
                else if (key == "c")
                {
                    gc.c = static_cast<long long>(v);
                }
                else if (key == "expected")
                {
                    gc.expected = {v};
                }
            }
            skip(s, i);
            if (i < s.size() && s[i] == ',')
            {
                i++;
            }
        }
        return gc;
    }

    static void skip(const std::string &s, size_t &i)
    {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        {
            i++;
        }
    }

    static void expect(const std::string &s, size_t &i, char c)
    {
        if (i >= s.size() || s[i] != c)
        {
            throw std::runtime_error(std::string("golden: expected '") + c + "' at " + std::to_string(i) + " in " + s);
        }
        i++;
    }

    static std::string string(const std::string &s, size_t &i)
    {
        expect(s, i, '"');
        size_t end = s.find('"', i);
        std::string v = s.substr(i, end - i);
        i = end + 1;
        return v;
    }

    static double number(const std::string &s, size_t &i)
    {
        const char *start = s.c_str() + i;
        char *end = nullptr;
        double v = std::strtod(start, &end);
        if (end == start)
        {
            throw std::runtime_error("golden: expected a number at " + std::to_string(i) + " in " + s);
        }
        i += static_cast<size_t>(end - start);
        return v;
    }

    static std::vector<double> array(const std::string &s, size_t &i)
    {
        std::vector<double> v;
        expect(s, i, '[');
        skip(s, i);
        while (s[i] != ']')
        {
            v.push_back(number(s, i));
            skip(s, i);
            if (s[i] == ',')
            {
                i++;
                skip(s, i);
            }
        }
        i++;
        return v;
    }
};

#endif
