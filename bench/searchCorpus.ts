// A deterministic corpus of mixed Chinese and English chat text for the search benchmarks. Words are drawn with
// a Zipf-like distribution, so common words (的, 是, the) are common and rare ones rare, as in real chats.

const CHINESE = `的 是 了 在 我 你 他 这 那 有 和 就 不 也 都 要 会 可以 我们 你们 他们 一个 没有 什么 怎么 为什么 因为 所以
但是 如果 还是 或者 已经 现在 时候 问题 方法 代码 函数 数据 文件 服务器 数据库 用户 系统 程序 设计 测试 性能 优化 内存 网络
请求 返回 错误 异常 日志 配置 参数 模型 训练 推理 向量 矩阵 算法 结构 接口 协议 客户端 浏览器 页面 组件 状态 事件 线程 进程
缓存 索引 查询 排序 搜索 分词 中文 英文 翻译 文章 标题 摘要 总结 分析 报告 会议 项目 计划 时间 今天 明天 昨天 周末 早上 晚上
天气 下雨 温度 城市 北京 上海 深圳 杭州 广州 成都 旅游 酒店 机票 火车 地铁 餐厅 火锅 咖啡 奶茶 早餐 午饭 晚饭 水果 蔬菜 猫 狗
小猫 宠物 孩子 学校 老师 学生 考试 作业 数学 物理 化学 历史 地理 音乐 电影 小说 诗歌 画画 运动 跑步 游泳 篮球 足球 健身 医生
医院 感冒 发烧 休息 睡觉 工作 公司 老板 同事 面试 简历 工资 投资 股票 基金 银行 价格 便宜 贵 买 卖 快递 手机 电脑 键盘 屏幕
量子 量子力学 相对论 宇宙 星系 黑洞 光速 能量 粒子 原子 电子 实验 理论 科学 研究 论文 引用 作者 发表 期刊 大学 教授 博士
人工智能 机器学习 深度学习 神经网络 自然语言 大模型 提示词 上下文 温度参数 流式输出 思维链 微调 部署 开源 许可证 版本
升级 兼容 迁移 备份 恢复 安全 密钥 加密 权限 登录 注册 账号 密码 验证 邮件 消息 通知 聊天 对话 回复 编辑 删除 归档 导出
导入 格式 表格 图片 视频 音频 链接 按钮 菜单 窗口 主题 字体 颜色 布局 动画 手写 笔记 日记 习惯 目标 进度 效率 专注 番茄钟
春天 夏天 秋天 冬天 雪 风 山 河 海 湖 花 草 树 鸟 鱼 月亮 太阳 星星 朋友 家人 父母 爷爷 奶奶 生日 礼物 节日 春节 中秋 红包`
  .split(/\s+/)
  .filter(Boolean);

const ENGLISH = `the a to of and in is it for that with on this you be as are can we not use with from your have or an by
function code data file server database user system program design test performance memory network request response
error exception log config parameter model training inference vector matrix algorithm structure interface protocol
client browser page component state event thread process cache index query sort search token chinese english
translate article title summary analysis report meeting project plan time today tomorrow weather city travel hotel
coffee tea breakfast lunch dinner fruit cat dog school teacher student exam math physics music movie novel run swim
doctor work company interview salary invest stock price phone laptop keyboard screen quantum energy particle theory
science research paper author university python typescript javascript rust golang react electron sqlite postgres redis
docker kubernetes linux windows macos git github commit branch merge deploy release version upgrade backup security
password login email message notify chat reply edit delete archive export import format table image video audio link
button menu window theme font color layout animation prompt context stream reasoning finetune open source license`
  .split(/\s+/)
  .filter(Boolean);

const PUNCTUATION = ['，', '。', '！', '？', '、', '：', ', ', '. '];

/** mulberry32: a small, fast, seeded PRNG so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks index i of n with probability ∝ 1/(i+1)^s, via a precomputed cumulative table. */
function zipf(n: number, s: number): (random: number) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative.push((sum += 1 / Math.pow(i + 1, s)));
  return (random) => {
    const target = random * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface TextGenerator {
  /** A chat message of roughly `words` words, ~75% Chinese. */
  message(words: number): string;
  /** A short conversation title. */
  title(): string;
  random: () => number;
}

export function textGenerator(seed = 42): TextGenerator {
  const random = rng(seed);
  const pickChinese = zipf(CHINESE.length, 0.9);
  const pickEnglish = zipf(ENGLISH.length, 0.9);
  const word = () => (random() < 0.75 ? CHINESE[pickChinese(random())]! : ` ${ENGLISH[pickEnglish(random())]!} `);
  return {
    random,
    message(words) {
      let text = '';
      for (let i = 0; i < words; i++) {
        text += word();
        if (random() < 0.12) text += PUNCTUATION[Math.floor(random() * PUNCTUATION.length)]!;
      }
      return text.replace(/ +/g, ' ').trim();
    },
    title() {
      let text = '';
      const n = 2 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) text += word();
      return text.replace(/ +/g, ' ').trim();
    },
  };
}
