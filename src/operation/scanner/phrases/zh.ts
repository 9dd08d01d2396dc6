/**
 * @module operation/scanner/phrases/zh
 * Chinese phrase data of the scanner, the counterparts of phrases/en. Chinese has no spaces, so
 * gaps are bounded runs of characters within a sentence (`[^\n]{0,12}`). Applied only to text
 * with CJK characters. Full-width punctuation arrives folded (NFKC: `：` is `:`).
 */
import type { PhraseRow } from './table.js';

export const OVERRIDE_ROWS_ZH: readonly PhraseRow[] = [
  {
    source:
      '(?:忽略|无视|忽视|不要理会|别理会|不用理会|忘记|忘掉|抛弃|放弃)[^\\n]{0,8}(?:之前|以前|先前|上述|上面|前面|原有|原来|原始|所有|全部|其他|系统|你的)[^\\n]{0,6}(?:指令|指示|说明|规则|提示|要求|设定|命令|限制)',
    strength: 3,
    message: 'tells the model to ignore or forget the instructions it has',
    negatable: true,
  },
  {
    source: '(?:你现在是|从现在起你是|你不再是|扮演|假装(?:你是|成为|成)|角色扮演)',
    strength: 2,
    message: 'redefines who the model is (role-play)',
  },
  {
    source: '(?:从现在开始|从现在起|在接下来的对话中)',
    strength: 1,
    message: 'sets behaviour for the rest of the session',
  },
  {
    source:
      '(?:优先级(?:最高|高于)|高于(?:所有|其他|一切)(?:的)?(?:指令|规则|指示)|覆盖(?:所有|之前|其他)(?:的)?(?:指令|规则)|取代(?:所有|之前|其他)(?:的)?(?:指令|规则))',
    strength: 2,
    message: 'claims precedence over other instructions',
  },
  {
    source:
      '(?:关闭|禁用|绕过|跳过|忽略)(?:所有|全部|一切)?(?:的)?(?:安全|验证|身份验证|权限|审查|过滤)(?:检查|限制|措施|机制|策略)?',
    strength: 2,
    message: 'asks to disable or bypass security controls',
    negatable: true,
  },
  {
    source: '(?:无论|不管)用户(?:输入|说什么|要求|问什么|想要什么)',
    strength: 2,
    message: "overrides the user's input",
  },
];

export const IMPERSONATION_ROWS_ZH: readonly PhraseRow[] = [
  {
    source: '(?:来自|由)(?:用户|系统|开发者|管理员)(?:的)?(?:重要|紧急)?(?:消息|通知|指令|指示)',
    strength: 2,
    message: 'claims to be a message from the user, system or developer',
  },
  {
    source: '(?:系统|管理员|开发者)(?:指令|通知|消息|覆盖|命令) ?:',
    strength: 2,
    message: 'labels itself a system or administrator directive',
  },
  {
    source: '(?:我是(?:用户|管理员|开发者|你的主人)|署名 ?:? ?(?:用户|管理员))',
    strength: 2,
    message: 'claims to be the user or an administrator',
  },
  {
    source: '你(?:已|已经)?(?:被)?(?:允许|授权|获准)(?:使用|访问|执行)',
    strength: 2,
    message: 'grants the model permissions',
  },
];

export const SECRECY_ROWS_ZH: readonly PhraseRow[] = [
  {
    source:
      '(?:不要|别|切勿|不得|不可|请勿|千万不要|绝对不要)(?:告诉|告知|通知|提醒|让|向|对)(?:用户|使用者)',
    strength: 2,
    message: 'tells the model to keep something from the user',
  },
  {
    source: '(?:不要|别|切勿|请勿)(?:提及|提到|透露|泄露|说出|承认)(?:此|这|这个|这些|该|本)',
    strength: 2,
    message: 'tells the model not to reveal what it is doing',
  },
  {
    source:
      '(?:对用户保密|用户不(?:需要|应该|能|可以)知道|不要让(?:用户|使用者)(?:知道|发现|察觉|看到))',
    strength: 2,
    message: 'says the user must not know',
  },
  {
    source: '(?:悄悄(?:地)?|秘密地|偷偷(?:地)?|暗中)',
    strength: 1,
    message: 'asks for covert action',
  },
  { source: '(?:静默地|默默(?:地)?)', strength: 0, message: 'asks for silent action' },
];

export const SECRET_TARGETS_STRONG_ZH = [
  '私钥',
  'ssh ?密钥',
  '助记词',
  '钱包(?:密钥|种子)',
  '命令历史',
  '(?:shell|bash|zsh) ?历史',
];

export const SECRET_TARGETS_WEAK_ZH = ['密钥', '秘钥', '凭证', '凭据', '密码', '令牌', '环境变量'];

export const ACCESS_VERBS_ZH =
  '(?:读取|获取|打开|查看|复制|发送|上传|包含|附加|放入|填入|提供|输出|写入|传给|传入|传递|提交|转发|泄露|显示|列出|保存|记录|告诉)';

export const DIRECTIVE_LEAD_ZH =
  '(?:你必须|你需要|你应该|务必|必须|请先|请务必|一定要|首先|然后|再|并|请)';

export const CONTEXT_OBJECTS_ZH: readonly {
  readonly source: string;
  readonly what: 'prompt' | 'tools' | 'conversation' | 'model';
}[] = [
  { source: '(?:系统提示(?:词)?|系统指令|系统消息|你的(?:指令|提示词|设定|规则))', what: 'prompt' },
  {
    source:
      '(?:(?:所有)?(?:可用|其他)(?:的)?工具(?:列表|名称)?|工具列表|工具名称|你(?:可以|能)(?:使用|调用)的(?:所有)?工具)',
    what: 'tools',
  },
  {
    source:
      '(?:(?:完整的|全部|所有|整个)?(?:对话|聊天)(?:历史|记录|内容)|之前的(?:消息|对话)|用户(?:说过|发送)的(?:所有)?(?:内容|消息))',
    what: 'conversation',
  },
  { source: '(?:(?:什么|哪个)模型|模型(?:名称|名字|版本)|你是谁)', what: 'model' },
];

export const SELF_REFERENCE_ZH =
  '(?:你的|你(?:是|可以|能|正在)|当前(?:模型|助手)|调用(?:此|这个|本)工具的|你是谁)';

export const TOTALITY_ZH = '(?:完整|全部|所有|整个)';

export const INTO_ARGUMENT_ZH = '(?:参数|字段|回复|回答|响应|输出)(?:中|里)?';

export const TRANSFER_ZH =
  '(?:发送(?:到|至|给)|上传(?:到|至)|转发(?:到|至|给)|抄送|密送|同步(?:到|至)|复制(?:到|至)|记录(?:到|至)|提交(?:到|至))';

export const DESTINATIONS_ZH =
  '(?:外部(?:服务器|地址|接口|服务)|我们的(?:服务器|接口|地址)|第三方(?:服务器|服务))';

export const STEERING_ROWS_ZH: readonly PhraseRow[] = [
  {
    source:
      '(?:这|此|本)个?(?:工具|函数)?是(?:世界上|全世界|所有工具中|有史以来)(?:最好|最强|最可靠|最准确)的|比(?:所有|任何)(?:其他)?工具(?:都)?(?:更好|更可靠|更准确)',
    strength: 3,
    message: 'claims to be the best tool of all, to steer the model to choose it',
    mentionable: false,
  },
  {
    source:
      '(?:使用|调用|选择)(?:此|这个|本)工具(?:而不是|而非|代替|取代)|(?:而不是|代替|取代)(?:使用)?(?:其他|别的)工具|无论(?:如何|什么)[^\\n]{0,10}(?:都)?(?:使用|调用)(?:此|这个|本)工具|不要使用(?:其他|别的|任何其他)工具',
    strength: 2,
    message: 'tells the model to use this tool instead of others',
  },
  {
    source: '(?:总是|始终|必须)?(?:先|首先)(?:调用|使用|运行)(?:此|这个|本)工具',
    strength: 2,
    message: 'tells the model to always call this tool first',
    weakerInInstructions: true,
  },
];

export const GLOBAL_LEAD_ZH =
  '在(?:你)?(?:回答|回复|处理|执行|完成|解决|开始)(?:任何|所有|用户的)?[^\\n]{0,12}(?:之前|以前)|在(?:使用|调用|读取|打开|访问|执行)(?:任何|所有)[^\\n]{0,10}(?:之前|以前)|(?:处理|回答)(?:任何|所有|每个)(?:请求|问题)时';

export const SHADOW_LEAD_ZH =
  '在(?:使用|调用|执行|运行)[a-z0-9_.-]{2,40}(?:工具|函数)?(?:之前|之后|时)';

export const STEER_ACTIONS_ZH =
  '(?:必须|请先|先|务必|首先|总是|始终|读取|发送|调用|添加|写入|复制|转发)';

export const TAMPER_ROWS_ZH: readonly PhraseRow[] = [
  {
    source:
      '(?:修改|更改|增加|减少|提高|替换)(?:转账)?(?:的)?(?:金额|数值|数量|价格|收件人|地址|账户|结果)',
    strength: 2,
    message: 'tells the model to change values the user gave',
  },
  {
    source: '(?:购买|买|订购)[^\\n]{0,10}(?:两个|两份|双倍|额外|再买一)',
    strength: 2,
    message: 'tells the model to do more than the user asked (extra purchases)',
  },
];

export const BLOCK_TAG_NAMES_ZH = ['重要', '系统', '指令', '注意', '隐藏', '管理员'];

export const BRACKET_MARKER_ZH = '【(?:重要|系统|指令|注意|隐藏|管理员)(?:提示|指令|通知)?】';

export const DIRECTIVE_ZH = `${DIRECTIVE_LEAD_ZH}[^\\n]{0,4}?(?:读取|获取|打开|查看|复制|发送|上传|包含|附加|放入|填入|提供|输出|写入|传给|传入|调用|使用|执行|运行|添加|回复|回答|说|告诉|记录|保存|购买|修改|删除)`;

export const CONSENT_ZH = '(?:询问|确认|征求)(?:用户|使用者)|用户确认';
